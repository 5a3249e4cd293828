import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { Webhook } from "standardwebhooks";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  CallbackHttpError,
  CallbackTimeoutError,
  classifyCallbackError,
  sendCallback,
} from "@/server/channels/api/send-callback";
import type { ChannelInbox, OutboundMessage } from "@/server/channels/contract";
import { InvalidInputError } from "@/server/errors";

const SECRET = `whsec_${Buffer.from("another-test-signing-key-32-bytes").toString("base64")}`;
let server: Server;
let port = 0;
const requests: { url: string; headers: Record<string, unknown>; body: string }[] = [];

beforeAll(async () => {
  server = createServer((req, res) => {
    let body = "";
    req.on("data", (chunk: Buffer) => (body += chunk.toString()));
    req.on("end", () => {
      requests.push({ url: req.url ?? "", headers: req.headers, body });
      if (req.url === "/slow") return; // never answers
      if (req.url === "/gone") return void res.writeHead(410).end(`  Gone:\n ${"x".repeat(500)}`);
      res.writeHead(204).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  port = (server.address() as AddressInfo).port;
});
afterAll(() => {
  server.closeAllConnections();
  server.close();
});

const inbox = (callbackUrl: string | null): ChannelInbox => ({
  id: "inb_test",
  workspaceId: "ws_test",
  channelType: "api",
  publicToken: "inb_token",
  config: {},
  identitySecret: null,
  enforceIdentity: false,
  callbackUrl,
  webhookSecret: SECRET,
});

const message: OutboundMessage = {
  deliveryId: "dlv_0000test",
  messageId: "msg_0000test",
  conversationId: "cnv_0000test",
  seq: 4,
  body: "Ünïcode ✓ reply",
  createdAt: new Date("2026-01-01T00:00:00Z"),
  recipient: [{ kind: "external_id", value: "user-1", verified: true }],
  agent: { id: "usr_1", name: "Alex" },
};

const loopback = { allowLoopback: true, timeoutSeconds: 2 };

describe("sendCallback", () => {
  it("connects to the checked address, whatever the host name resolves to later", async () => {
    // `callbacks.test` does not exist in DNS: the request can only succeed through the pinned address.
    const resolved: string[] = [];
    const result = await sendCallback(inbox(`http://callbacks.test:${port}/pinned`), message, {
      ...loopback,
      resolve: async (host) => {
        resolved.push(host);
        return ["127.0.0.1"];
      },
    });
    expect(result).toEqual({ providerMessageId: null });
    expect(resolved).toEqual(["callbacks.test"]);
    const request = requests.find((r) => r.url === "/pinned")!;
    expect(request.headers.host).toBe(`callbacks.test:${port}`);
    expect(request.headers["webhook-id"]).toBe(message.deliveryId);
    const payload = new Webhook(SECRET).verify(request.body, {
      "webhook-id": String(request.headers["webhook-id"]),
      "webhook-timestamp": String(request.headers["webhook-timestamp"]),
      "webhook-signature": String(request.headers["webhook-signature"]),
    });
    expect(payload).toMatchObject({ type: "message.created", data: { body: "Ünïcode ✓ reply", seq: 4 } });
  });

  it("refuses loopback and private addresses unless loopback is allowed, before sending anything", async () => {
    const before = requests.length;
    const refused = sendCallback(inbox(`http://127.0.0.1:${port}/private`), message, {
      allowLoopback: false,
      timeoutSeconds: 2,
    });
    await expect(refused).rejects.toThrow(/must reach a public address/);
    const rebinding = sendCallback(inbox(`http://callbacks.test:${port}/private`), message, {
      allowLoopback: true,
      timeoutSeconds: 2,
      resolve: async () => ["10.1.2.3"],
    });
    await expect(rebinding).rejects.toThrow(/10\.1\.2\.3/);
    expect(requests.length).toBe(before);
    const reason = await refused.catch((error: unknown) => classifyCallbackError(error));
    expect(reason).toMatchObject({ retryable: false });
  });

  it("reports a 4xx with a short body and gives up on a silent server after the timeout", async () => {
    const gone = await sendCallback(inbox(`http://127.0.0.1:${port}/gone`), message, loopback).catch((e) => e);
    expect(gone).toBeInstanceOf(CallbackHttpError);
    const classified = classifyCallbackError(gone);
    expect(classified.retryable).toBe(false);
    expect(classified.reason).toMatch(/^HTTP 410: Gone: x+…$/);
    expect(classified.reason.length).toBeLessThan(220);

    const started = Date.now();
    const slow = await sendCallback(inbox(`http://127.0.0.1:${port}/slow`), message, {
      allowLoopback: true,
      timeoutSeconds: 1,
    }).catch((e) => e);
    expect(slow).toBeInstanceOf(CallbackTimeoutError);
    expect(Date.now() - started).toBeLessThan(3000);
    expect(classifyCallbackError(slow).retryable).toBe(true);
  });

  it("fails permanently without a URL or a secret", async () => {
    const error = await sendCallback(inbox(null), message, loopback).catch((e) => e);
    expect(classifyCallbackError(error)).toEqual({ retryable: false, reason: "The inbox has no callback URL" });
  });
});

describe("classifyCallbackError", () => {
  it.each([
    [500, true],
    [502, true],
    [503, true],
    [408, true],
    [429, true],
    [400, false],
    [401, false],
    [404, false],
    [422, false],
  ])("HTTP %i is retryable: %s", (status, retryable) => {
    expect(classifyCallbackError(new CallbackHttpError(status, "why"))).toEqual({
      retryable,
      reason: `HTTP ${status}: why`,
    });
  });

  it("retries network errors and treats a refused URL as final", () => {
    const refused = Object.assign(new Error("connect ECONNREFUSED"), { code: "ECONNREFUSED" });
    expect(classifyCallbackError(refused)).toEqual({
      retryable: true,
      reason: "Could not reach the callback URL (ECONNREFUSED)",
    });
    expect(classifyCallbackError(new InvalidInputError("The callback URL is not a valid URL"))).toEqual({
      retryable: false,
      reason: "The callback URL is not a valid URL",
    });
  });
});
