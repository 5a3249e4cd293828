import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import * as crypto from "node:crypto";
import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { inject } from "vitest";
import { openDatabase, type DatabaseHandle } from "@/db";
import { messages, inboundEvents } from "@/db/schema";
import { issueEndUserToken, newApiUserId } from "@/server/auth/end-user-token";
import { issueVisitorToken } from "@/server/auth/visitor-token";
import { Webhook } from "standardwebhooks";
import type { ChannelAdapter, ChannelInbox, InboundRequest, OutboundMessage } from "@/server/channels/contract";
import { createChannelRegistry } from "@/server/channels/registry";
import { InvalidInputError, PayloadTooLargeError } from "@/server/errors";
import { findChannelInbox } from "@/server/services/channel/find-channel-inbox";
import { receiveInbound } from "@/server/services/channel/receive-inbound";
import { createApiInbox } from "../support/api-channel";
import { openTestDatabase } from "../support/database";
import { clientId, createWorkspace, recordingDispatcher, TEST_KEYS } from "../support/factories";

// Observes (without changing) the comparison every verify must use.
vi.mock("node:crypto", async (importOriginal) => {
  const actual = await importOriginal<typeof import("node:crypto")>();
  return { ...actual, timingSafeEqual: vi.fn(actual.timingSafeEqual) };
});

let handle: DatabaseHandle;
let second: DatabaseHandle | null = null;
let callbacks: Server;
let callbackUrl = "";
const received: { headers: IncomingMessage["headers"]; body: string }[] = [];

beforeAll(async () => {
  handle = await openTestDatabase();
  const url = inject("postgresUrl");
  if (url) second = await openDatabase({ driver: "postgres", url, maxConnections: 2 });
  callbacks = createServer((req, res) => {
    let body = "";
    req.on("data", (chunk: Buffer) => (body += chunk.toString()));
    req.on("end", () => {
      received.push({ headers: req.headers, body });
      const status = Number(new URL(req.url ?? "/", "http://x").searchParams.get("status") ?? 204);
      res.writeHead(status).end();
    });
  });
  await new Promise<void>((resolve) => callbacks.listen(0, "127.0.0.1", resolve));
  callbackUrl = `http://127.0.0.1:${(callbacks.address() as AddressInfo).port}/hooks`;
});
afterAll(async () => {
  callbacks.close();
  await second?.close();
  await handle.close();
});

const registry = createChannelRegistry({ keys: TEST_KEYS, outbound: { allowLoopback: true } });
const WEBHOOK_SECRET = `whsec_${Buffer.from("a-webhook-secret-of-32-bytes-abc").toString("base64")}`;

/** What the contract needs to know about a channel to drive it: a real inbox and real requests. */
type Fixture = {
  inbox: ChannelInbox;
  /** A valid request carrying one message; the same `key` is the same event. */
  request(body: string, key: string): InboundRequest;
  /** The same request with one byte of its credential flipped. */
  tampered(body: string, key: string): InboundRequest;
  /** A body the channel cannot read at all. */
  malformed(): InboundRequest;
  oversized(): InboundRequest;
};

const flip = (text: string, at: number) => text.slice(0, at) + (text[at] === "A" ? "B" : "A") + text.slice(at + 1);

const json = (value: unknown) => Buffer.from(JSON.stringify(value));

async function webWidgetFixture(): Promise<Fixture> {
  const ws = await createWorkspace(handle.db);
  const inbox = await findChannelInbox(handle.db, "web_widget", { id: ws.inboxId });
  const { token } = issueVisitorToken(TEST_KEYS, inbox.id);
  const body = (visitorToken: string, text: string, key: string) =>
    json({ inboxToken: inbox.publicToken, visitorToken, body: text, clientMessageId: key });
  return {
    inbox: { ...inbox, callbackUrl: null },
    request: (text, key) => ({ rawBody: body(token, text, key), headers: { "content-type": "application/json" } }),
    tampered: (text, key) => ({
      rawBody: body(flip(token, token.length - 3), text, key),
      headers: { "content-type": "application/json" },
    }),
    malformed: () => ({ rawBody: Buffer.from('{"inboxToken": "abc", "body": '), headers: {} }),
    oversized: () => ({ rawBody: body(token, "x".repeat(200_000), "cm_oversized"), headers: {} }),
  };
}

async function apiFixture(): Promise<Fixture> {
  const ws = await createWorkspace(handle.db);
  const inbox = await createApiInbox(handle.db, ws, { callbackUrl, webhookSecret: WEBHOOK_SECRET });
  const { token } = issueEndUserToken(TEST_KEYS, { inboxId: inbox.id, kind: "api_user", userId: newApiUserId() });
  const request = (bearer: string, text: string, key: string): InboundRequest => ({
    rawBody: json({ message: { body: text } }),
    headers: { authorization: `Bearer ${bearer}`, "idempotency-key": key, "content-type": "application/json" },
    method: "POST",
    path: "/api/v1/conversations",
  });
  return {
    inbox,
    request: (text, key) => request(token, text, key),
    tampered: (text, key) => request(flip(token, token.length - 3), text, key),
    malformed: () => ({ ...request(token, "", "cm_malformed"), rawBody: Buffer.from("{not json") }),
    oversized: () => ({
      ...request(token, "", "cm_oversized"),
      rawBody: json({ message: { body: "x".repeat(200_000) } }),
    }),
  };
}

const FIXTURES: Record<string, () => Promise<Fixture>> = { web_widget: webWidgetFixture, api: apiFixture };

const outbound = (conversationId = "cnv_test"): OutboundMessage => ({
  deliveryId: `dlv_${clientId()}`,
  messageId: "msg_test",
  conversationId,
  seq: 2,
  body: "Thanks, we are on it",
  createdAt: new Date(),
  recipient: [{ kind: "api_user", value: "au_test", verified: false }],
  agent: { id: "usr_test", name: "Alex Agent" },
});

async function messagesStoredFor(inboxId: string, providerEventId: string) {
  const [event] = await handle.db
    .select()
    .from(inboundEvents)
    .where(and(eq(inboundEvents.inboxId, inboxId), eq(inboundEvents.providerEventId, providerEventId)));
  if (!event?.messageId) return [];
  const stored = await handle.db.select().from(messages).where(eq(messages.id, event.messageId));
  return stored;
}

it("registers every channel that has a fixture, and no fixture is missing", () => {
  expect(Object.keys(registry).sort()).toEqual(Object.keys(FIXTURES).sort());
});

describe.each(Object.entries(registry))("the %s adapter", (channelType, maybeAdapter) => {
  const adapter = maybeAdapter as ChannelAdapter;
  let fixture: Fixture;
  beforeAll(async () => {
    fixture = await FIXTURES[channelType]!();
  });

  it("names its channel", () => {
    expect(adapter.channelType).toBe(channelType);
  });

  it("verifies a valid request with a constant-time comparison, and refuses a tampered one", () => {
    const compare = vi.mocked(crypto.timingSafeEqual);
    compare.mockClear();
    expect(adapter.verify(fixture.inbox, fixture.request("Hello", clientId()))).toEqual({ ok: true });
    expect(compare).toHaveBeenCalled();
    const refused = adapter.verify(fixture.inbox, fixture.tampered("Hello", clientId()));
    expect(refused.ok).toBe(false);
  });

  it("refuses a request meant for another inbox", async () => {
    const other = await FIXTURES[channelType]!();
    expect(adapter.verify(fixture.inbox, other.request("Hello", clientId())).ok).toBe(false);
  });

  it("parses a request into canonical events with a stable provider event id and the sender's identity", () => {
    const key = clientId();
    const [first] = adapter.parse(fixture.inbox, fixture.request("  Hello there \r\n", key));
    const [again] = adapter.parse(fixture.inbox, fixture.request("Hello there", key));
    const [other] = adapter.parse(fixture.inbox, fixture.request("Hello there", clientId()));
    expect(first).toMatchObject({ type: "message", body: "Hello there", clientMessageId: key });
    if (first?.type !== "message" || again?.type !== "message" || other?.type !== "message")
      throw new Error("no message");
    expect(first.providerEventId).toBe(again.providerEventId);
    expect(first.providerEventId).not.toBe(other.providerEventId);
    expect(first.sender.identities).toHaveLength(1);
    expect(first.sender.identities[0]).toMatchObject({ kind: expect.stringMatching(/^(web_visitor|api_user)$/) });
    expect(first.occurredAt).toBeInstanceOf(Date);
  });

  it("refuses a malformed body with a human message", () => {
    const attempt = () => adapter.parse(fixture.inbox, fixture.malformed());
    expect(attempt).toThrow(InvalidInputError);
    expect(attempt).toThrow(/JSON/);
  });

  it("refuses an oversized body", () => {
    expect(() => adapter.parse(fixture.inbox, fixture.oversized())).toThrow(PayloadTooLargeError);
  });

  it("stores the same event once, sent twice and twice at the same moment", async () => {
    const ctx = { db: handle.db, dispatcher: recordingDispatcher() };
    const events = adapter.parse(fixture.inbox, fixture.request("Only once", clientId()));
    const first = await receiveInbound(ctx, fixture.inbox, events);
    const retry = await receiveInbound(ctx, fixture.inbox, events);
    expect(first[0]).toMatchObject({ type: "message", created: true });
    expect(retry[0]).toMatchObject({ type: "message", created: false });
    if (first[0]?.type !== "message" || retry[0]?.type !== "message") throw new Error("no message");
    expect(retry[0].message.id).toBe(first[0].message.id);

    const racing = adapter.parse(fixture.inbox, fixture.request("Racing", clientId()));
    const other = second ? { db: second.db, dispatcher: recordingDispatcher() } : ctx;
    const results = await Promise.all([
      receiveInbound(ctx, fixture.inbox, racing),
      receiveInbound(other, fixture.inbox, racing),
    ]);
    const outcomes = results.map(([outcome]) => outcome);
    expect(outcomes.filter((outcome) => outcome?.type === "message" && outcome.created)).toHaveLength(1);
    const ids = new Set(outcomes.map((outcome) => (outcome?.type === "message" ? outcome.message.id : null)));
    expect(ids.size).toBe(1);
    const racingEvent = racing[0]!;
    expect(await messagesStoredFor(fixture.inbox.id, racingEvent.providerEventId)).toHaveLength(1);
  });

  it("sends a message or fails with an error it can classify", async () => {
    received.length = 0;
    const result = await adapter.send(fixture.inbox, outbound()).then(
      (sent) => ({ sent }),
      (error: unknown) => ({ error }),
    );
    if ("sent" in result) {
      expect(result.sent).toHaveProperty("providerMessageId");
    } else {
      expect(typeof adapter.classifySendError(result.error).retryable).toBe("boolean");
    }
  });

  it("separates retryable failures from permanent ones", () => {
    const transient = Object.assign(new Error("connect ECONNREFUSED"), { code: "ECONNREFUSED" });
    expect(adapter.classifySendError(transient).retryable).toBe(true);
    expect(adapter.classifySendError(new InvalidInputError("The callback URL is not public")).retryable).toBe(false);
    expect(adapter.classifySendError(transient).reason).toMatch(/ECONNREFUSED/);
  });
});

describe("the api adapter's callback", () => {
  it("posts a Standard Webhooks signed body and classifies the receiver's answers", async () => {
    const adapter = registry.api!;
    const ws = await createWorkspace(handle.db);
    const inbox = await createApiInbox(handle.db, ws, { callbackUrl, webhookSecret: WEBHOOK_SECRET });
    received.length = 0;
    const message = outbound();
    await expect(adapter.send(inbox, message)).resolves.toEqual({ providerMessageId: null });
    const [delivery] = received;
    expect(delivery?.headers["webhook-id"]).toBe(message.deliveryId);
    // The receiver's side: the signature verifies with the inbox's secret.
    const headers = {
      "webhook-id": String(delivery?.headers["webhook-id"]),
      "webhook-timestamp": String(delivery?.headers["webhook-timestamp"]),
      "webhook-signature": String(delivery?.headers["webhook-signature"]),
    };
    expect(() => new Webhook(WEBHOOK_SECRET).verify(delivery!.body, headers)).not.toThrow();
    expect(JSON.parse(delivery!.body)).toMatchObject({ type: "message.created", data: { body: message.body } });

    const failing = (status: number) =>
      adapter.send({ ...inbox, callbackUrl: `${callbackUrl}?status=${status}` }, message);
    const serverError = await failing(503).catch((error: unknown) => error);
    const refused = await failing(410).catch((error: unknown) => error);
    const throttled = await failing(429).catch((error: unknown) => error);
    expect(adapter.classifySendError(serverError)).toMatchObject({
      retryable: true,
      reason: expect.stringMatching(/503/),
    });
    expect(adapter.classifySendError(refused)).toMatchObject({
      retryable: false,
      reason: expect.stringMatching(/410/),
    });
    expect(adapter.classifySendError(throttled).retryable).toBe(true);
    const unconfigured = await adapter.send({ ...inbox, callbackUrl: null }, message).catch((error: unknown) => error);
    expect(adapter.classifySendError(unconfigured).retryable).toBe(false);
  });
});
