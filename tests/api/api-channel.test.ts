import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DatabaseHandle } from "@/db";
import { runTransaction } from "@/db/run-transaction";
import { contactIdentities, contacts, conversations, events, messages } from "@/db/schema";
import { issueEndUserToken, userHashOf } from "@/server/auth/end-user-token";
import { issueVisitorToken } from "@/server/auth/visitor-token";
import { ApiConversation, ApiMessage, ApiUserSession } from "@/server/channels/api/schemas";
import { parseEnv } from "@/server/env";
import { resolveContact } from "@/server/services/contact/resolve-contact";
import { sendAgentReply } from "@/server/services/message/send-agent-reply";
import { createApiInbox, startApiServer, TEST_PUSHER, type ApiServer } from "../support/api-channel";
import { openTestDatabase } from "../support/database";
import { clientId, createWorkspace, recordingDispatcher, TEST_KEYS, type TestWorkspace } from "../support/factories";

let handle: DatabaseHandle;
let api: ApiServer;

beforeAll(async () => {
  handle = await openTestDatabase();
  api = await startApiServer(handle.db);
});
afterAll(async () => {
  await api.close();
  await handle.close();
});

type Call = { status: number; body: any; headers: Headers };

async function call(
  server: ApiServer,
  method: string,
  path: string,
  options: { token?: string; body?: unknown; raw?: string; headers?: Record<string, string> } = {},
): Promise<Call> {
  const response = await fetch(`${server.url}${path}`, {
    method,
    headers: {
      ...(options.body !== undefined || options.raw !== undefined ? { "content-type": "application/json" } : {}),
      ...(options.token ? { authorization: `Bearer ${options.token}` } : {}),
      ...options.headers,
    },
    body: options.raw ?? (options.body !== undefined ? JSON.stringify(options.body) : undefined),
  });
  const text = await response.text();
  return { status: response.status, body: text ? JSON.parse(text) : null, headers: response.headers };
}

type Setup = { ws: TestWorkspace; inbox: Awaited<ReturnType<typeof createApiInbox>> };

async function setup(options: { enforceIdentity?: boolean } = {}): Promise<Setup> {
  const ws = await createWorkspace(handle.db);
  return { ws, inbox: await createApiInbox(handle.db, ws, options) };
}

async function signIn(s: Setup, user?: { userId: string; name?: string }, server = api) {
  const body = user
    ? {
        inboxToken: s.inbox.publicToken,
        userId: user.userId,
        userHash: userHashOf(s.inbox.identitySecret, user.userId),
        name: user.name,
      }
    : { inboxToken: s.inbox.publicToken };
  // Each sign-in from its own address, so no test meets another's count.
  const headers = { "x-test-client": `192.0.2.${seq++ % 250}:${Math.random()}` };
  const result = await call(server, "POST", "/api/v1/users", { body, headers });
  expect(result.status).toBe(201);
  return ApiUserSession.parse(result.body);
}

const expectError = (result: Call, status: number, code: string) => {
  expect(result.status).toBe(status);
  expect(result.body).toMatchObject({ error: { code, message: expect.any(String) } });
};

let seq = 0;
const uniqueUser = () => `user-${Date.now().toString(36)}-${seq++}`;

describe("POST /api/v1/users", () => {
  it("issues a verified token for a userId with its userHash, and an anonymous one without", async () => {
    const s = await setup();
    const userId = uniqueUser();
    const verified = await signIn(s, { userId, name: "Dana Demo" });
    expect(verified.user).toEqual({ id: userId, verified: true });
    expect(new Date(verified.expiresAt).getTime()).toBeGreaterThan(Date.now());
    const anonymous = await signIn(s);
    expect(anonymous.user.verified).toBe(false);
    expect(anonymous.user.id).toMatch(/^au_/);
    const [identity] = await handle.db
      .select()
      .from(contactIdentities)
      .where(and(eq(contactIdentities.kind, "external_id"), eq(contactIdentities.value, userId)));
    expect(identity).toMatchObject({ verified: true, workspaceId: s.ws.workspaceId });
    const [contact] = await handle.db.select().from(contacts).where(eq(contacts.id, identity!.contactId));
    expect(contact?.name).toBe("Dana Demo");
  });

  it("refuses a wrong userHash with 401 and stores nothing", async () => {
    const s = await setup();
    const userId = uniqueUser();
    const forged = await call(api, "POST", "/api/v1/users", {
      body: { inboxToken: s.inbox.publicToken, userId, userHash: userHashOf("not-the-secret", userId) },
    });
    expectError(forged, 401, "UNAUTHORIZED");
    const rows = await handle.db.select().from(contactIdentities).where(eq(contactIdentities.value, userId));
    expect(rows).toEqual([]);
  });

  it("on an inbox that enforces identity, refuses anyone without a valid hash and creates nothing", async () => {
    const s = await setup({ enforceIdentity: true });
    const before = await handle.db.select().from(contacts).where(eq(contacts.workspaceId, s.ws.workspaceId));
    expectError(
      await call(api, "POST", "/api/v1/users", { body: { inboxToken: s.inbox.publicToken } }),
      401,
      "UNAUTHORIZED",
    );
    expectError(
      await call(api, "POST", "/api/v1/users", { body: { inboxToken: s.inbox.publicToken, userId: "someone" } }),
      401,
      "UNAUTHORIZED",
    );
    const after = await handle.db.select().from(contacts).where(eq(contacts.workspaceId, s.ws.workspaceId));
    expect(after).toHaveLength(before.length);
    expect((await signIn(s, { userId: uniqueUser() })).user.verified).toBe(true);
  });

  it("answers bad input with 400 and a message, an unknown inbox with 404", async () => {
    const s = await setup();
    expectError(await call(api, "POST", "/api/v1/users", { raw: "{not json" }), 400, "BAD_REQUEST");
    const unknownField = await call(api, "POST", "/api/v1/users", {
      body: { inboxToken: s.inbox.publicToken, admin: true },
    });
    expectError(unknownField, 400, "BAD_REQUEST");
    expect(unknownField.body.error.message).toMatch(/admin/);
    expectError(
      await call(api, "POST", "/api/v1/users", { body: { inboxToken: s.inbox.publicToken, userHash: "ab" } }),
      400,
      "BAD_REQUEST",
    );
    expectError(
      await call(api, "POST", "/api/v1/users", { body: { inboxToken: "inb_does_not_exist" } }),
      404,
      "NOT_FOUND",
    );
    // A widget inbox's token does not open the API.
    expectError(await call(api, "POST", "/api/v1/users", { body: { inboxToken: s.ws.inboxToken } }), 404, "NOT_FOUND");
    expectError(await call(api, "POST", "/api/v1/users", { body: [1, 2] }), 400, "BAD_REQUEST");
    expectError(await call(api, "POST", "/api/v1/users", { raw: "[".repeat(100) }), 400, "BAD_REQUEST");
  });

  it("refuses a body over 64 KB with 413", async () => {
    const s = await setup();
    const result = await call(api, "POST", "/api/v1/users", {
      body: { inboxToken: s.inbox.publicToken, name: "x".repeat(70_000) },
    });
    expectError(result, 413, "PAYLOAD_TOO_LARGE");
  });
});

describe("end-user tokens", () => {
  it("refuses missing, forged, expired and other-kind tokens with 401", async () => {
    const s = await setup();
    const session = await signIn(s);
    expectError(await call(api, "GET", "/api/v1/conversations"), 401, "UNAUTHORIZED");
    const forged = session.token.slice(0, -2) + (session.token.endsWith("AA") ? "BB" : "AA");
    expectError(await call(api, "GET", "/api/v1/conversations", { token: forged }), 401, "UNAUTHORIZED");
    const expired = issueEndUserToken(
      TEST_KEYS,
      { inboxId: s.inbox.id, kind: "api_user", userId: session.user.id },
      undefined,
      Math.floor(Date.now() / 1000) - 7200,
    );
    const refusedExpired = await call(api, "GET", "/api/v1/conversations", { token: expired.token });
    expectError(refusedExpired, 401, "UNAUTHORIZED");
    expect(refusedExpired.body.error.message).toMatch(/expired/);
    // A widget visitor token is not an API token.
    const visitor = issueVisitorToken(TEST_KEYS, s.inbox.id).token;
    expectError(await call(api, "GET", "/api/v1/conversations", { token: visitor }), 401, "UNAUTHORIZED");
    expectError(await call(api, "GET", "/api/v1/conversations", { token: "a".repeat(5000) }), 401, "UNAUTHORIZED");
  });

  it("refreshes a valid token and an expired one inside its refresh window", async () => {
    const s = await setup();
    const session = await signIn(s, { userId: uniqueUser() });
    const expired = issueEndUserToken(
      TEST_KEYS,
      { inboxId: s.inbox.id, kind: "external_id", userId: session.user.id },
      undefined,
      Math.floor(Date.now() / 1000) - 7200,
    );
    for (const token of [session.token, expired.token]) {
      const refreshed = await call(api, "POST", "/api/v1/users/refresh", { token });
      expect(refreshed.status).toBe(200);
      const fresh = ApiUserSession.parse(refreshed.body);
      expect(fresh.user).toEqual(session.user);
      expect((await call(api, "GET", "/api/v1/conversations", { token: fresh.token })).status).toBe(200);
    }
    const ancient = issueEndUserToken(
      TEST_KEYS,
      { inboxId: s.inbox.id, kind: "external_id", userId: session.user.id },
      undefined,
      Math.floor(Date.now() / 1000) - 31 * 86_400,
    );
    expectError(await call(api, "POST", "/api/v1/users/refresh", { token: ancient.token }), 401, "UNAUTHORIZED");
  });
});

describe("conversations and messages", () => {
  it("opens a conversation with a first message, continues it, lists it and its messages", async () => {
    const s = await setup();
    const session = await signIn(s);
    const opened = await call(api, "POST", "/api/v1/conversations", {
      token: session.token,
      body: { message: { body: "My order never arrived" } },
      headers: { "idempotency-key": clientId() },
    });
    expect(opened.status).toBe(201);
    expect(opened.body).toMatchObject({ created: true, message: { created: true, message: { seq: 1 } } });
    const conversation = ApiConversation.parse(opened.body.conversation);
    expect(conversation.realtimeChannel).toBe(`private-widget-${conversation.id}`);

    const again = await call(api, "POST", "/api/v1/conversations", { token: session.token });
    expect(again.status).toBe(200);
    expect(again.body).toMatchObject({ created: false, message: null, conversation: { id: conversation.id } });

    const sent = await call(api, "POST", `/api/v1/conversations/${conversation.id}/messages`, {
      token: session.token,
      body: { body: "Order #1234" },
      headers: { "idempotency-key": clientId() },
    });
    expect(sent.status).toBe(201);
    ApiMessage.parse(sent.body.message);

    const listed = await call(api, "GET", "/api/v1/conversations", { token: session.token });
    expect(listed.body.conversations.map((c: { id: string }) => c.id)).toEqual([conversation.id]);
    const page = await call(api, "GET", `/api/v1/conversations/${conversation.id}/messages?after=1`, {
      token: session.token,
    });
    expect(page.body.messages.map((m: { body: string }) => m.body)).toEqual(["Order #1234"]);
    const limited = await call(api, "GET", `/api/v1/conversations/${conversation.id}/messages?limit=1`, {
      token: session.token,
    });
    expect(limited.body).toMatchObject({ hasMore: true, messages: [{ seq: 1 }] });

    const events = api.deps.dispatcher.dispatched.filter((event) => event.conversationId === conversation.id);
    expect(events.map((event) => event.type)).toEqual(["conversation.created", "message.created", "message.created"]);
  });

  it("stores a retried send once, whether keyed by header or clientMessageId, even when the retries race", async () => {
    const s = await setup();
    const session = await signIn(s);
    const opened = await call(api, "POST", "/api/v1/conversations", { token: session.token });
    const path = `/api/v1/conversations/${opened.body.conversation.id}/messages`;
    const key = clientId();
    const send = () =>
      call(api, "POST", path, { token: session.token, body: { body: "Once" }, headers: { "idempotency-key": key } });
    const results = await Promise.all([send(), send(), send()]);
    expect(results.filter((r) => r.body.created === true)).toHaveLength(1);
    expect(new Set(results.map((r) => r.body.message.id)).size).toBe(1);
    expect(results.map((r) => r.status).sort()).toEqual([200, 200, 201]);

    const byBody = { body: "By body", clientMessageId: clientId() };
    const first = await call(api, "POST", path, { token: session.token, body: byBody });
    const second = await call(api, "POST", path, { token: session.token, body: byBody });
    expect([first.body.created, second.body.created]).toEqual([true, false]);
    const stored = await handle.db
      .select()
      .from(messages)
      .where(eq(messages.conversationId, opened.body.conversation.id));
    expect(stored).toHaveLength(2);

    const unkeyed = await call(api, "POST", path, { token: session.token, body: { body: "No key" } });
    expectError(unkeyed, 400, "BAD_REQUEST");
    expect(unkeyed.body.error.message).toMatch(/Idempotency-Key/);
    const badKey = await call(api, "POST", path, {
      token: session.token,
      body: { body: "Bad key" },
      headers: { "idempotency-key": "no spaces allowed" },
    });
    expectError(badKey, 400, "BAD_REQUEST");
  });

  it("hides other users' conversations (404) and refuses hostile input without storing", async () => {
    const s = await setup();
    const owner = await signIn(s);
    const stranger = await signIn(s);
    const opened = await call(api, "POST", "/api/v1/conversations", { token: owner.token });
    const id = opened.body.conversation.id;
    const key = { "idempotency-key": clientId() };
    expectError(
      await call(api, "POST", `/api/v1/conversations/${id}/messages`, {
        token: stranger.token,
        body: { body: "hi" },
        headers: key,
      }),
      404,
      "NOT_FOUND",
    );
    expectError(
      await call(api, "GET", `/api/v1/conversations/${id}/messages`, { token: stranger.token }),
      404,
      "NOT_FOUND",
    );
    expectError(
      await call(api, "POST", `/api/v1/conversations/${id}/read`, { token: stranger.token, body: { seq: 1 } }),
      404,
      "NOT_FOUND",
    );
    expect((await call(api, "GET", "/api/v1/conversations", { token: stranger.token })).body.conversations).toEqual([]);

    const path = `/api/v1/conversations/${id}/messages`;
    expectError(
      await call(api, "POST", path, { token: owner.token, raw: '{"body":', headers: key }),
      400,
      "BAD_REQUEST",
    );
    expectError(
      await call(api, "POST", path, { token: owner.token, body: { body: "x", extra: 1 }, headers: key }),
      400,
      "BAD_REQUEST",
    );
    expectError(
      await call(api, "POST", path, { token: owner.token, body: { body: "   " }, headers: key }),
      400,
      "BAD_REQUEST",
    );
    expectError(
      await call(api, "POST", path, { token: owner.token, body: { body: "a\u0000b" }, headers: key }),
      400,
      "BAD_REQUEST",
    );
    expectError(
      await call(api, "POST", path, { token: owner.token, body: { body: "x".repeat(10_001) }, headers: key }),
      400,
      "BAD_REQUEST",
    );
    expectError(
      await call(api, "POST", path, { token: owner.token, body: { body: "x".repeat(70_000) }, headers: key }),
      413,
      "PAYLOAD_TOO_LARGE",
    );
    expectError(await call(api, "GET", `${path}?after=abc`, { token: owner.token }), 400, "BAD_REQUEST");
    expectError(await call(api, "GET", `${path}?limit=500`, { token: owner.token }), 400, "BAD_REQUEST");
    expectError(await call(api, "GET", `${path}?sneaky=1`, { token: owner.token }), 400, "BAD_REQUEST");
    expectError(
      await call(api, "GET", `/api/v1/conversations/%E0%A4%A/messages`, { token: owner.token }),
      400,
      "BAD_REQUEST",
    );
    expectError(await call(api, "GET", "/api/v1/nothing-here"), 404, "NOT_FOUND");
    expect((await call(api, "DELETE", "/api/v1/conversations", { token: owner.token })).status).toBe(405);
    const stored = await handle.db.select().from(messages).where(eq(messages.conversationId, id));
    expect(stored).toEqual([]);
  });

  it("keeps tenants apart: a token of one inbox or workspace never reaches another's conversations", async () => {
    const a = await setup();
    const b = await setup();
    const sameWorkspaceInbox = await createApiInbox(handle.db, a.ws);
    const userA = await signIn(a);
    const userB = await signIn(b);
    const convA = (await call(api, "POST", "/api/v1/conversations", { token: userA.token })).body.conversation.id;
    // B's token addresses A's conversation: not found, nothing stored.
    expectError(
      await call(api, "POST", `/api/v1/conversations/${convA}/messages`, {
        token: userB.token,
        body: { body: "cross-tenant" },
        headers: { "idempotency-key": clientId() },
      }),
      404,
      "NOT_FOUND",
    );
    // The same user id verified on another inbox is another token: it lists only that inbox's threads.
    const userId = uniqueUser();
    await signIn(a, { userId });
    const other = await signIn({ ws: a.ws, inbox: sameWorkspaceInbox }, { userId });
    expect((await call(api, "GET", "/api/v1/conversations", { token: other.token })).body.conversations).toEqual([]);
    expect(await handle.db.select().from(messages).where(eq(messages.conversationId, convA))).toEqual([]);
  });

  it("moves the user's read mark forward, never back, and tells agents", async () => {
    const s = await setup();
    const session = await signIn(s);
    const opened = await call(api, "POST", "/api/v1/conversations", {
      token: session.token,
      body: { message: { body: "Hello" } },
      headers: { "idempotency-key": clientId() },
    });
    const id = opened.body.conversation.id;
    await sendAgentReply({ db: handle.db, dispatcher: recordingDispatcher() }, s.ws.agent, {
      conversationId: id,
      body: "Hi, how can we help?",
      clientMessageId: clientId(),
      private: false,
    });
    const read = await call(api, "POST", `/api/v1/conversations/${id}/read`, {
      token: session.token,
      body: { seq: 2 },
    });
    expect(read.body).toEqual({ conversationId: id, contactLastReadSeq: 2 });
    const back = await call(api, "POST", `/api/v1/conversations/${id}/read`, {
      token: session.token,
      body: { seq: 1 },
    });
    expect(back.body.contactLastReadSeq).toBe(2);
    const beyond = await call(api, "POST", `/api/v1/conversations/${id}/read`, {
      token: session.token,
      body: { seq: 99 },
    });
    expect(beyond.body.contactLastReadSeq).toBe(2);
    const [row] = await handle.db.select().from(conversations).where(eq(conversations.id, id));
    expect(row?.contactLastReadSeq).toBe(2);
    const readEvents = await handle.db
      .select()
      .from(events)
      .where(and(eq(events.conversationId, id), eq(events.type, "conversation.read")));
    expect(readEvents.length).toBeGreaterThanOrEqual(1);
  });

  it("lands a verified user's API conversation on the contact of their widget conversation", async () => {
    const s = await setup();
    const userId = uniqueUser();
    // The widget side: a visitor who identified as the same verified user.
    const widgetContact = await runTransaction(handle.db, (tx) =>
      resolveContact(tx, {
        workspaceId: s.ws.workspaceId,
        inboxId: s.ws.inboxId,
        sender: {
          identities: [
            { kind: "external_id", value: userId, verified: true },
            { kind: "web_visitor", value: `v_${userId}`, verified: false },
          ],
        },
        fallbackName: "Visitor",
      }),
    );
    const [widgetConversation] = await handle.db
      .insert(conversations)
      .values({ workspaceId: s.ws.workspaceId, inboxId: s.ws.inboxId, contactId: widgetContact.contactId })
      .returning();
    const session = await signIn(s, { userId });
    const opened = await call(api, "POST", "/api/v1/conversations", {
      token: session.token,
      body: { message: { body: "From the app" } },
      headers: { "idempotency-key": clientId() },
    });
    const [apiConversation] = await handle.db
      .select()
      .from(conversations)
      .where(eq(conversations.id, opened.body.conversation.id));
    expect(apiConversation?.contactId).toBe(widgetContact.contactId);
    expect(apiConversation?.contactId).toBe(widgetConversation?.contactId);
    expect(apiConversation?.inboxId).toBe(s.inbox.id);
  });
});

describe("realtime channel authorization", () => {
  it("signs the user's own conversation channel only, as pusher-js asks for it", async () => {
    const s = await setup();
    const owner = await signIn(s);
    const stranger = await signIn(s);
    const id = (await call(api, "POST", "/api/v1/conversations", { token: owner.token })).body.conversation.id;
    const form = (channel: string, token: string) =>
      fetch(`${api.url}/api/v1/realtime/auth`, {
        method: "POST",
        headers: { authorization: `Bearer ${token}`, "content-type": "application/x-www-form-urlencoded" },
        body: new URLSearchParams({ socket_id: "123.456", channel_name: channel }),
      });
    const granted = await form(`private-widget-${id}`, owner.token);
    expect(granted.status).toBe(200);
    expect((await granted.json()).auth).toMatch(new RegExp(`^${TEST_PUSHER.key}:[0-9a-f]{64}$`));
    expect((await form(`private-widget-${id}`, stranger.token)).status).toBe(403);
    expect((await form(`private-conversation-${id}`, owner.token)).status).toBe(403);
    expect((await form(`private-workspace-${s.ws.workspaceId}`, owner.token)).status).toBe(403);
    expect((await form(`private-widget-${id}`, "nope")).status).toBe(401);
  });
});

describe("rate limits", () => {
  it("answers 429 with Retry-After once a user sends too fast or an address asks for too many tokens", async () => {
    const limited = await startApiServer(handle.db, {
      limits: parseEnv({ LIMIT_API_MESSAGES_PER_USER: "2/1m", LIMIT_API_USERS_PER_ADDRESS: "2/1h" }),
    });
    try {
      const s = await setup();
      const session = await signIn(s, undefined, limited);
      const id = (await call(limited, "POST", "/api/v1/conversations", { token: session.token })).body.conversation.id;
      const send = () =>
        call(limited, "POST", `/api/v1/conversations/${id}/messages`, {
          token: session.token,
          body: { body: "spam" },
          headers: { "idempotency-key": clientId() },
        });
      expect((await send()).status).toBe(201);
      expect((await send()).status).toBe(201);
      const refused = await send();
      expectError(refused, 429, "TOO_MANY_REQUESTS");
      expect(Number(refused.headers.get("retry-after"))).toBeGreaterThan(0);

      const address = { "x-test-client": `198.51.100.77-${Math.random()}` };
      const ask = () =>
        call(limited, "POST", "/api/v1/users", { body: { inboxToken: s.inbox.publicToken }, headers: address });
      await ask();
      await ask();
      const tooMany = await ask();
      expectError(tooMany, 429, "TOO_MANY_REQUESTS");
      expect(tooMany.headers.get("retry-after")).toMatch(/^\d+$/);
    } finally {
      await limited.close();
    }
  });
});
