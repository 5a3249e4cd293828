import { createHash, createHmac } from "node:crypto";
import { expect, test } from "@playwright/test";
import { serverSecrets } from "../support/server-secrets";

type TrpcEnvelope<T> = {
  result?: { data: { json: T } };
  error?: { json: { message: string; data: { code: string } } };
};

test.describe("HTTP boundaries of the running app", () => {
  test("channel auth refuses anonymous and malformed requests with clear messages", async ({ request }) => {
    const anonymous = await request.post("/api/realtime/auth", {
      form: { socket_id: "123.456", channel_name: "private-workspace-ws_abc" },
    });
    expect(anonymous.status()).toBe(401);
    expect((await anonymous.json()).error.message).toBe("Please sign in");

    const malformed = await request.post("/api/realtime/auth", { form: { socket_id: "nope", channel_name: "x" } });
    expect(malformed.status()).toBe(400);
    expect((await malformed.json()).error.message).toContain("socket_id");
  });

  test("a visitor may only subscribe to their own conversation", async ({ request }) => {
    const session = async () => {
      const response = await request.post("/api/trpc/widget.session", {
        data: { json: { inboxToken: "demo_web_widget" } },
      });
      return ((await response.json()) as TrpcEnvelope<{ visitorToken: string }>).result!.data.json.visitorToken;
    };
    const alice = await session();
    const bob = await session();
    const send = await request.post("/api/trpc/widget.send", {
      data: {
        json: {
          inboxToken: "demo_web_widget",
          visitorToken: alice,
          body: "Hi from Alice",
          clientMessageId: `e2e-${Date.now()}`,
        },
      },
    });
    const conversationId = ((await send.json()) as TrpcEnvelope<{ conversationId: string }>).result!.data.json
      .conversationId;
    const channel = `private-widget-${conversationId}`;

    const own = await request.post("/api/realtime/auth", {
      form: { socket_id: "1.2", channel_name: channel, inbox_token: "demo_web_widget", visitor_token: alice },
    });
    expect(own.status()).toBe(200);
    expect((await own.json()).auth).toMatch(/^[^:]+:[0-9a-f]{64}$/);

    const stranger = await request.post("/api/realtime/auth", {
      form: { socket_id: "1.2", channel_name: channel, inbox_token: "demo_web_widget", visitor_token: bob },
    });
    expect(stranger.status()).toBe(403);

    const agentChannel = await request.post("/api/realtime/auth", {
      form: {
        socket_id: "1.2",
        channel_name: `private-conversation-${conversationId}`,
        inbox_token: "demo_web_widget",
        visitor_token: alice,
      },
    });
    expect(agentChannel.status()).toBe(403);

    const messages = await request.get(
      `/api/trpc/widget.messages?input=${encodeURIComponent(JSON.stringify({ json: { inboxToken: "demo_web_widget", visitorToken: bob, conversationId } }))}`,
    );
    const body = (await messages.json()) as TrpcEnvelope<unknown>;
    expect(body.error?.json.data.code).toBe("NOT_FOUND");
  });

  test("an oversized request is refused before it is parsed", async ({ request }) => {
    const response = await request.post("/api/trpc/widget.send", {
      data: {
        json: {
          inboxToken: "demo_web_widget",
          visitorToken: "x".repeat(20),
          body: "a".repeat(300_000),
          clientMessageId: "e2e-oversized",
        },
      },
    });
    expect(response.status()).toBe(413);
    // in tRPC's wire shape, so its client can show the message
    expect((await response.json()).error.json.message).toBe("Request body is too large (at most 128 KB)");
  });

  test("the realtime HTTP API on the app's port checks Pusher request signatures", async ({ request, baseURL }) => {
    // The e2e server keeps its generated realtime credentials in its data directory.
    const secrets = serverSecrets(baseURL!);
    const body = JSON.stringify({ name: "probe", channel: "private-workspace-ws_x", data: "{}" });
    const signedPath = (secret: string) => {
      const path = `/apps/${secrets.pusherAppId}/events`;
      const params = new URLSearchParams({
        auth_key: secrets.pusherKey,
        auth_timestamp: String(Math.floor(Date.now() / 1000)),
        auth_version: "1.0",
        body_md5: createHash("md5").update(body).digest("hex"),
      });
      params.sort();
      const toSign = `POST\n${path}\n${decodeURIComponent(params.toString())}`;
      params.set("auth_signature", createHmac("sha256", secret).update(toSign).digest("hex"));
      return `${path}?${params}`;
    };
    const headers = { "content-type": "application/json" };
    const forged = await request.post(signedPath("guessed-secret"), { data: body, headers });
    expect(forged.status()).toBe(401);
    const genuine = await request.post(signedPath(secrets.pusherSecret), { data: body, headers });
    expect(genuine.status()).toBe(200);
  });

  test("metrics are exposed for Prometheus, with send timings", async ({ request }) => {
    await request.post("/api/trpc/widget.session", { data: { json: { inboxToken: "demo_web_widget" } } });
    const response = await request.get("/api/metrics");
    expect(response.status()).toBe(200);
    const text = await response.text();
    expect(text).toMatch(
      /switchboard_trpc_procedure_duration_seconds_count\{service="switchboard",path="widget.session",type="mutation",outcome="ok"\} [1-9]/,
    );
    expect(text).toMatch(/switchboard_realtime_connections\{service="switchboard"\} \d+/);
  });
});
