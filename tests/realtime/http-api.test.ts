import PusherSdk from "pusher";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { nextEvent, startRealtimeHarness, testApp, type RealtimeHarness } from "./harness";

let harness: RealtimeHarness;

beforeAll(async () => {
  harness = await startRealtimeHarness();
});
afterAll(() => harness.close());

type SignedRequest = {
  method: "GET" | "POST";
  path: string;
  body?: string;
  params?: Record<string, string>;
};

/** Signs like the SDK, then lets a test tamper with the URL or body before sending. */
function signedUrl(request: SignedRequest, sdk: PusherSdk = harness.sdk): string {
  const query = sdk.createSignedQueryString({
    method: request.method,
    path: request.path,
    body: request.body,
    params: request.params,
  });
  return `${harness.baseUrl}${request.path}?${query}`;
}

function send(url: string, request: SignedRequest) {
  return fetch(url, {
    method: request.method,
    body: request.body,
    headers: request.body ? { "content-type": "application/json" } : {},
  });
}

const eventsPath = `/apps/${testApp.id}/events`;
const validEvent = JSON.stringify({
  name: "conversation.updated",
  channel: "lobby",
  data: "{}",
});

describe("triggering events", () => {
  it("answers a successful trigger with 200 and {}", async () => {
    const response = await harness.sdk.trigger("lobby", "conversation.updated", { id: 1 });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({});
  });

  it("delivers every event of a batch", async () => {
    const client = await harness.connectClient();
    const first = client.subscribe("batch-a");
    const second = client.subscribe("batch-b");
    await Promise.all([
      nextEvent(first, "pusher:subscription_succeeded"),
      nextEvent(second, "pusher:subscription_succeeded"),
    ]);
    const received = Promise.all([nextEvent(first, "one"), nextEvent(second, "two")]);

    const response = await harness.sdk.triggerBatch([
      { channel: "batch-a", name: "one", data: { n: 1 } },
      { channel: "batch-b", name: "two", data: "plain text" },
    ]);
    expect(response.status).toBe(200);
    expect(await received).toEqual([{ n: 1 }, "plain text"]);
  });

  it("delivers to several channels at once", async () => {
    const client = await harness.connectClient();
    const channels = ["multi-1", "multi-2"].map((name) => client.subscribe(name));
    await Promise.all(channels.map((channel) => nextEvent(channel, "pusher:subscription_succeeded")));
    const received = Promise.all(channels.map((channel) => nextEvent(channel, "broadcast")));
    await harness.sdk.trigger(["multi-1", "multi-2"], "broadcast", {
      hello: "all",
    });
    expect(await received).toEqual([{ hello: "all" }, { hello: "all" }]);
  });

  it("refuses more than 10 events in a batch with 400", async () => {
    const batch = Array.from({ length: 11 }, () => ({
      channel: "lobby",
      name: "x",
      data: "{}",
    }));
    const request: SignedRequest = {
      method: "POST",
      path: `/apps/${testApp.id}/batch_events`,
      body: JSON.stringify({ batch }),
    };
    expect((await send(signedUrl(request), request)).status).toBe(400);
  });

  it("refuses reserved event names and invalid channel names with 400", async () => {
    for (const event of [
      { name: "pusher_internal:member_added", channel: "lobby", data: "{}" },
      { name: "ok", channel: "not a channel", data: "{}" },
      { name: "ok", channels: ["a"], channel: "b", data: "{}" },
      { name: "ok", channel: "lobby", data: { not: "a string" } },
      {
        name: "ok",
        channels: Array.from({ length: 101 }, (_, i) => `c${i}`),
        data: "{}",
      },
    ]) {
      const request: SignedRequest = {
        method: "POST",
        path: eventsPath,
        body: JSON.stringify(event),
      };
      const response = await send(signedUrl(request), request);
      expect(response.status).toBe(400);
      expect(await response.json()).toEqual({
        error: expect.stringMatching(/Invalid request/),
      });
    }
  });
});

describe("request checks", () => {
  it("rejects a bad signature with 401 and says why", async () => {
    const request: SignedRequest = {
      method: "POST",
      path: eventsPath,
      body: validEvent,
    };
    const url = signedUrl(request).replace(/auth_signature=[0-9a-f]+/, `auth_signature=${"ab".repeat(32)}`);
    const response = await send(url, request);
    expect(response.status).toBe(401);
    expect(await response.json()).toEqual({
      error: expect.stringMatching(/Invalid signature/),
    });
  });

  it("rejects a request signed with another secret with 401", async () => {
    const impostor = new PusherSdk({
      appId: testApp.id,
      key: testApp.key,
      secret: "not-the-secret",
      host: "127.0.0.1",
    });
    const request: SignedRequest = {
      method: "POST",
      path: eventsPath,
      body: validEvent,
    };
    expect((await send(signedUrl(request, impostor), request)).status).toBe(401);
  });

  it("rejects a stale timestamp with 401", async () => {
    const request: SignedRequest = {
      method: "POST",
      path: eventsPath,
      body: validEvent,
    };
    const realNow = Date.now;
    Date.now = () => realNow() - 11 * 60 * 1000;
    let url: string;
    try {
      url = signedUrl(request);
    } finally {
      Date.now = realNow;
    }
    const response = await send(url, request);
    expect(response.status).toBe(401);
    expect(await response.json()).toEqual({
      error: expect.stringMatching(/expired/i),
    });
  });

  it("rejects a body that does not match body_md5 with 401", async () => {
    const request: SignedRequest = {
      method: "POST",
      path: eventsPath,
      body: validEvent,
    };
    const tampered = { ...request, body: validEvent.replace("lobby", "admin") };
    const response = await send(signedUrl(request), tampered);
    expect(response.status).toBe(401);
    expect(await response.json()).toEqual({
      error: expect.stringMatching(/body_md5/),
    });
  });

  it("answers 404 for an unknown app", async () => {
    const request: SignedRequest = {
      method: "POST",
      path: "/apps/someone-else/events",
      body: validEvent,
    };
    const response = await send(signedUrl(request), request);
    expect(response.status).toBe(404);
    expect(await response.json()).toEqual({
      error: expect.stringMatching(/Unknown app/),
    });
  });

  it("answers 413 for event data over 10 KB", async () => {
    const body = JSON.stringify({
      name: "big",
      channel: "lobby",
      data: "x".repeat(10 * 1024 + 1),
    });
    const request: SignedRequest = { method: "POST", path: eventsPath, body };
    expect((await send(signedUrl(request), request)).status).toBe(413);
  });

  it("answers 413 for a request body over the limit without reading it all", async () => {
    const body = "x".repeat(2 * 1024 * 1024);
    const request: SignedRequest = { method: "POST", path: eventsPath, body };
    expect((await send(signedUrl(request), request)).status).toBe(413);
  });

  it("answers 400 for a correctly signed body that is not JSON", async () => {
    const request: SignedRequest = {
      method: "POST",
      path: eventsPath,
      body: "{oops",
    };
    const response = await send(signedUrl(request), request);
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({
      error: expect.stringMatching(/not valid JSON/),
    });
  });

  it("leaves paths outside /apps/ to the host server", async () => {
    expect((await fetch(`${harness.baseUrl}/somewhere-else`)).status).toBe(404);
  });
});

describe("channel information", () => {
  it("lists occupied channels, filters by prefix and counts presence users", async () => {
    const client = await harness.connectClient({ userId: "info-user" });
    await nextEvent(client.subscribe("info-public"), "pusher:subscription_succeeded");
    await nextEvent(client.subscribe("presence-info"), "pusher:subscription_succeeded");

    const all = await getJson("/channels");
    expect(all.channels).toMatchObject({
      "info-public": {},
      "presence-info": {},
    });
    expect(
      await getJson("/channels", {
        filter_by_prefix: "presence-",
        info: "user_count",
      }),
    ).toEqual({
      channels: { "presence-info": { user_count: 1 } },
    });
    expect(await getJson("/channels/info-public", { info: "subscription_count" })).toEqual({
      occupied: true,
      subscription_count: 1,
    });
    expect(await getJson("/channels/empty-channel")).toEqual({
      occupied: false,
    });
    expect(await getJson("/channels/presence-info/users")).toEqual({
      users: [{ id: "info-user" }],
    });
  });

  it("refuses user counts and user lists for channels that are not presence channels", async () => {
    await expect(harness.sdk.get({ path: "/channels", params: { info: "user_count" } })).rejects.toMatchObject({
      status: 400,
    });
    await expect(harness.sdk.get({ path: "/channels/info-public/users" })).rejects.toMatchObject({ status: 400 });
  });
});

async function getJson(path: string, params?: Record<string, string>): Promise<any> {
  const response = await harness.sdk.get({ path, params });
  return response.json();
}
