import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, expectTypeOf, it } from "vitest";
import type { z } from "zod";
import type { DatabaseHandle } from "@/db";
import { messages } from "@/db/schema";
import { issueEndUserToken, userHashOf } from "@/server/auth/end-user-token";
import { apiDocument } from "@/server/channels/api/openapi";
import type * as Api from "@/server/channels/api/schemas";
import { sendAgentReply } from "@/server/services/message/send-agent-reply";
import { createApiInbox } from "@/tests/support/api-channel";
import { startApiApp } from "@/tests/support/api-app";
import { openTestDatabase } from "@/tests/support/database";
import { clientId, createWorkspace, TEST_KEYS, type TestWorkspace } from "@/tests/support/factories";
import {
  backoffDelay,
  DEFAULT_RETRY,
  followConversation,
  ROUTES,
  SwitchboardApiError,
  SwitchboardClient,
  type Conversation,
  type Message,
  type UserSession,
} from "../src/index";
import type * as Sdk from "../src/types";

let handle: DatabaseHandle;
let app: Awaited<ReturnType<typeof startApiApp>>;
let ws: TestWorkspace;
let inbox: Awaited<ReturnType<typeof createApiInbox>>;

beforeAll(async () => {
  handle = await openTestDatabase();
  app = await startApiApp(handle.db);
  ws = await createWorkspace(handle.db);
  inbox = await createApiInbox(handle.db, ws);
});
afterAll(async () => {
  await app.close();
  await handle.close();
});

type Logged = { method: string; path: string; key: string | null; authorization: string | null };

/** The platform's fetch, recording each call; `fail` decides whether an attempt is made to fail. */
function recordingFetch(fail: (call: Logged, index: number) => "lose-response" | "unavailable" | null = () => null) {
  const calls: Logged[] = [];
  const fetcher = async (input: string, init?: RequestInit) => {
    const headers = new Headers(init?.headers);
    const call = {
      method: init?.method ?? "GET",
      path: new URL(input).pathname,
      key: headers.get("idempotency-key"),
      authorization: headers.get("authorization"),
    };
    calls.push(call);
    const failure = fail(call, calls.length - 1);
    if (failure === "unavailable") {
      return Response.json(
        { error: { code: "SERVICE_UNAVAILABLE", message: "Try again" } },
        { status: 503, headers: { "retry-after": "0" } },
      );
    }
    const response = await fetch(input, init);
    // The request reached the server and was stored; the answer is lost on the way back.
    if (failure === "lose-response") throw new TypeError("fetch failed: socket hang up");
    return response;
  };
  return { calls, fetch: fetcher };
}

const fastRetry = { baseDelayMs: 1, maxDelayMs: 5 };

function verifiedClient(userId: string, fetcher?: ReturnType<typeof recordingFetch>["fetch"], session?: UserSession) {
  return new SwitchboardClient({
    baseUrl: app.url,
    inboxToken: inbox.publicToken,
    identify: () => ({ userId, userHash: userHashOf(inbox.identitySecret, userId) }),
    retry: fastRetry,
    fetch: fetcher,
    session,
  });
}

let counter = 0;
const newUser = () => `sdk-user-${Date.now().toString(36)}-${counter++}`;

describe("SwitchboardClient", () => {
  it("signs in on first use, opens a conversation, sends and reads messages", async () => {
    const client = verifiedClient(newUser());
    const opened = await client.openConversation({ body: "Hello from the SDK" });
    expect(opened.message?.message.body).toBe("Hello from the SDK");
    expect(client.currentSession?.user.verified).toBe(true);
    const sent = await client.sendMessage(opened.conversation.id, "Second");
    expect(sent).toMatchObject({ created: true, message: { seq: 2 } });
    const page = await client.listMessages(opened.conversation.id, { after: 1 });
    expect(page.messages.map((m) => m.body)).toEqual(["Second"]);
    expect((await client.markRead(opened.conversation.id, 2)).contactLastReadSeq).toBe(2);
    expect((await client.conversations()).map((c) => c.id)).toEqual([opened.conversation.id]);
  });

  it("retries a send whose answer was lost with the same idempotency key, storing it once", async () => {
    const recorder = recordingFetch((call) =>
      call.path.endsWith("/messages") &&
      call.method === "POST" &&
      recorder.calls.filter((c) => c.path === call.path).length === 1
        ? "lose-response"
        : null,
    );
    const client = verifiedClient(newUser(), recorder.fetch);
    const { conversation } = await client.openConversation();
    const sent = await client.sendMessage(conversation.id, "Exactly once");
    expect(sent.created).toBe(false);
    const attempts = recorder.calls.filter((call) => call.path.endsWith("/messages"));
    expect(attempts).toHaveLength(2);
    expect(attempts[0]?.key).toBeTruthy();
    expect(attempts[1]?.key).toBe(attempts[0]?.key);
    const stored = await handle.db.select().from(messages).where(eq(messages.conversationId, conversation.id));
    expect(stored.map((m) => m.body)).toEqual(["Exactly once"]);
  });

  it("backs off and retries an unavailable server, then gives up with a typed error", async () => {
    const flaky = recordingFetch((call, index) =>
      call.path.endsWith("/conversations") && index < 3 ? "unavailable" : null,
    );
    const client = verifiedClient(newUser(), flaky.fetch);
    await expect(client.listConversations()).resolves.toEqual({ conversations: [] });

    const down = recordingFetch((call) => (call.path.endsWith("/conversations") ? "unavailable" : null));
    const failing = verifiedClient(newUser(), down.fetch);
    const error = await failing.listConversations().catch((thrown: unknown) => thrown);
    expect(error).toBeInstanceOf(SwitchboardApiError);
    expect(error).toMatchObject({ status: 503, code: "SERVICE_UNAVAILABLE", retryable: true });
    expect(down.calls.filter((call) => call.path.endsWith("/conversations"))).toHaveLength(DEFAULT_RETRY.attempts);
  });

  it("does not retry what cannot succeed, and shows the server's message", async () => {
    const recorder = recordingFetch();
    const client = verifiedClient(newUser(), recorder.fetch);
    const error = await client.sendMessage("cnv_doesnotexist", "Hi").catch((thrown: unknown) => thrown);
    expect(error).toMatchObject({
      status: 404,
      code: "NOT_FOUND",
      message: "Conversation not found",
      retryable: false,
    });
    expect(recorder.calls.filter((call) => call.path.endsWith("/messages"))).toHaveLength(1);
  });

  it("refreshes a token before it expires", async () => {
    const userId = newUser();
    const issuedAt = Math.floor(Date.now() / 1000) - 3590;
    const old = issueEndUserToken(TEST_KEYS, { inboxId: inbox.id, kind: "external_id", userId }, undefined, issuedAt);
    const session: UserSession = {
      token: old.token,
      expiresAt: old.expiresAt.toISOString(),
      refreshableUntil: old.refreshableUntil.toISOString(),
      user: { id: userId, verified: true },
    };
    const recorder = recordingFetch();
    const client = verifiedClient(userId, recorder.fetch, session);
    await client.listConversations();
    expect(recorder.calls.map((call) => call.path)).toEqual(["/api/v1/users/refresh", "/api/v1/conversations"]);
    expect(recorder.calls[1]?.authorization).not.toBe(`Bearer ${old.token}`);
    expect(client.currentSession?.token).not.toBe(old.token);
  });

  it("on a refused token, refreshes or signs in again once and repeats the call", async () => {
    const userId = newUser();
    const forged: UserSession = {
      token: "u1.aaaaaaaa.inb_x.x.ZGFuYQ.abc.forged",
      expiresAt: new Date(Date.now() + 3_600_000).toISOString(),
      refreshableUntil: new Date(Date.now() + 86_400_000).toISOString(),
      user: { id: userId, verified: true },
    };
    const recorder = recordingFetch();
    const client = verifiedClient(userId, recorder.fetch, forged);
    await expect(client.listConversations()).resolves.toEqual({ conversations: [] });
    expect(recorder.calls.map((call) => call.path)).toEqual([
      "/api/v1/conversations",
      "/api/v1/users/refresh",
      "/api/v1/users",
      "/api/v1/conversations",
    ]);
  });

  it("computes backoff with jitter under a growing cap, never below Retry-After", () => {
    const policy = { attempts: 5, baseDelayMs: 100, maxDelayMs: 1_000 };
    expect(backoffDelay(policy, 0, null, () => 0.999)).toBeLessThanOrEqual(100);
    expect(backoffDelay(policy, 3, null, () => 0.999)).toBeLessThanOrEqual(800);
    expect(backoffDelay(policy, 10, null, () => 0.999)).toBeLessThanOrEqual(1_000);
    expect(backoffDelay(policy, 2, null, () => 0)).toBe(0);
    expect(backoffDelay(policy, 0, 3, () => 0.5)).toBe(3_000);
    const samples = new Set(Array.from({ length: 20 }, () => backoffDelay(policy, 4)));
    expect(samples.size).toBeGreaterThan(1);
  });
});

describe("live updates", () => {
  it("delivers replies in seq order, once each, and catches up after missing some", async () => {
    const client = verifiedClient(newUser());
    const opened = await client.openConversation({ body: "Is anyone there?" });
    const received: Message[] = [];
    const live = await followConversation(client, opened.conversation, {
      afterSeq: 1,
      onMessage: (message) => received.push(message),
    });
    const ctx = { db: handle.db, dispatcher: app.deps.dispatcher };
    const reply = (body: string) =>
      sendAgentReply(ctx, ws.agent, {
        conversationId: opened.conversation.id,
        body,
        clientMessageId: clientId(),
        private: false,
      });
    await reply("Yes, hi!");
    // Stored without telling realtime: the client hears of it only through the gap the next one leaves.
    await sendAgentReply({ db: handle.db, dispatcher: { dispatch: async () => {} } }, ws.agent, {
      conversationId: opened.conversation.id,
      body: "Missed live",
      clientMessageId: clientId(),
      private: false,
    });
    await reply("How can I help?");
    await expect
      .poll(() => received.map((m) => m.body), { timeout: 10_000 })
      .toEqual(["Yes, hi!", "Missed live", "How can I help?"]);
    expect(received.map((m) => m.seq)).toEqual([2, 3, 4]);
    expect(live.lastSeq).toBe(4);
    live.close();
  });

  it("is refused another user's conversation channel", async () => {
    const owner = verifiedClient(newUser());
    const { conversation } = await owner.openConversation();
    const stranger = verifiedClient(newUser());
    await expect(followConversation(stranger, conversation, { onMessage: () => {} })).rejects.toThrow(/follow/);
  });
});

describe("the SDK's contract with the server", () => {
  it("calls only routes the OpenAPI document describes", () => {
    const paths = apiDocument().paths as Record<string, Record<string, unknown>>;
    for (const route of Object.values(ROUTES)) expect(paths[route.path]?.[route.method], route.path).toBeDefined();
  });

  it("has the types the server's schemas produce", () => {
    expectTypeOf<Sdk.UserSession>().toEqualTypeOf<z.output<typeof Api.ApiUserSession>>();
    expectTypeOf<Conversation>().toEqualTypeOf<z.output<typeof Api.ApiConversation>>();
    expectTypeOf<Message>().toEqualTypeOf<z.output<typeof Api.ApiMessage>>();
    expectTypeOf<Sdk.MessageResult>().toEqualTypeOf<z.output<typeof Api.ApiMessageResult>>();
    expectTypeOf<Sdk.ConversationResult>().toEqualTypeOf<z.output<typeof Api.ApiConversationResult>>();
    expectTypeOf<Sdk.ConversationList>().toEqualTypeOf<z.output<typeof Api.ApiConversationList>>();
    expectTypeOf<Sdk.MessageList>().toEqualTypeOf<z.output<typeof Api.ApiMessageList>>();
    expectTypeOf<Sdk.ReadResult>().toEqualTypeOf<z.output<typeof Api.ApiReadResult>>();
    expectTypeOf<Sdk.RealtimeAuth>().toEqualTypeOf<z.output<typeof Api.ApiRealtimeAuthResult>>();
    expectTypeOf<Sdk.ErrorBody>().toEqualTypeOf<z.output<typeof Api.ApiError>>();
    expectTypeOf<Sdk.Identity>().toExtend<Omit<z.input<typeof Api.CreateApiUserBody>, "inboxToken">>();
  });
});
