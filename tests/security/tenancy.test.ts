import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DatabaseHandle } from "@/db";
import { conversations } from "@/db/schema";
import { ForbiddenError } from "@/server/errors";
import { newId } from "@/server/ids";
import { channelNames } from "@/server/realtime/channel-names";
import { authorizeChannel, type Subscriber } from "@/server/services/realtime/authorize-channel";
import { resolveVisitor } from "@/server/services/widget/resolve-visitor";
import { callerFor } from "../support/caller";
import { countsFor } from "../support/counts";
import { openTestDatabase } from "../support/database";
import {
  clientId,
  createVisitor,
  createWorkspace,
  recordingDispatcher,
  TEST_KEYS,
  type TestWorkspace,
} from "../support/factories";
import { expectFailure } from "../support/trpc-error";

let handle: DatabaseHandle;

type Tenant = {
  ws: TestWorkspace;
  visitor: { inboxToken: string; visitorToken: string };
  conversationId: string;
  contactId: string;
  agent: ReturnType<typeof callerFor>;
};

let a: Tenant;
let b: Tenant;
let anonymous: ReturnType<typeof callerFor>;

async function tenant(): Promise<Tenant> {
  const db = handle.db;
  const ws = await createWorkspace(db);
  const visitor = await createVisitor(db, ws);
  const sent = await anonymous.widget.send({ ...visitor, body: "I need help", clientMessageId: clientId() });
  return {
    ws,
    visitor,
    conversationId: sent.conversationId,
    contactId: sent.message.senderContactId as string,
    agent: callerFor(db, recordingDispatcher(), ws.agent),
  };
}

beforeAll(async () => {
  handle = await openTestDatabase();
  anonymous = callerFor(handle.db, recordingDispatcher(), null);
  a = await tenant();
  b = await tenant();
});
afterAll(() => handle.close());

async function conversationRow(id: string) {
  const [row] = await handle.db.select().from(conversations).where(eq(conversations.id, id));
  return row;
}

describe("agents only ever see their own workspace", () => {
  it("reports another workspace's conversation exactly like one that does not exist", async () => {
    const foreign = await expectFailure(a.agent.conversations.get({ conversationId: b.conversationId }), "NOT_FOUND");
    const missing = await expectFailure(
      a.agent.conversations.get({ conversationId: newId("conversation") }),
      "NOT_FOUND",
    );
    expect(foreign.message).toBe("Conversation not found");
    expect(foreign).toEqual(missing);
    // The owner can read it, so NOT_FOUND above is about tenancy, not a broken id.
    await expect(b.agent.conversations.get({ conversationId: b.conversationId })).resolves.toMatchObject({
      id: b.conversationId,
    });
  });

  it("returns NOT_FOUND for messages.list on another workspace's conversation", async () => {
    await expectFailure(
      a.agent.messages.list({ conversationId: b.conversationId }),
      "NOT_FOUND",
      "Conversation not found",
    );
    await expectFailure(
      a.agent.messages.list({ conversationId: b.conversationId, afterSeq: 0 }),
      "NOT_FOUND",
      "Conversation not found",
    );
  });

  it("returns NOT_FOUND for messages.send into another workspace and stores nothing there", async () => {
    const before = { a: await countsFor(handle.db, a.ws.workspaceId), b: await countsFor(handle.db, b.ws.workspaceId) };
    for (const isPrivate of [false, true]) {
      await expectFailure(
        a.agent.messages.send({
          conversationId: b.conversationId,
          body: "Injected reply",
          clientMessageId: clientId(),
          private: isPrivate,
        }),
        "NOT_FOUND",
        "Conversation not found",
      );
    }
    expect(await countsFor(handle.db, b.ws.workspaceId)).toEqual(before.b);
    expect(await countsFor(handle.db, a.ws.workspaceId)).toEqual(before.a);
    const { messages } = await b.agent.messages.list({ conversationId: b.conversationId });
    expect(messages.map((message) => message.body)).not.toContain("Injected reply");
  });

  it("returns NOT_FOUND for markRead, resolve and reopen on another workspace's conversation and changes nothing", async () => {
    const before = await conversationRow(b.conversationId);
    const eventsBefore = (await countsFor(handle.db, b.ws.workspaceId)).events;
    expect(before).toMatchObject({ status: "open", unreadCount: 1 });

    await expectFailure(a.agent.conversations.markRead({ conversationId: b.conversationId }), "NOT_FOUND");
    await expectFailure(a.agent.conversations.resolve({ conversationId: b.conversationId }), "NOT_FOUND");
    await expectFailure(a.agent.conversations.reopen({ conversationId: b.conversationId }), "NOT_FOUND");

    const after = await conversationRow(b.conversationId);
    expect(after).toMatchObject({ status: "open", unreadCount: 1, agentLastReadSeq: 0, resolvedAt: null });
    expect(after?.updatedAt).toEqual(before?.updatedAt);
    expect((await countsFor(handle.db, b.ws.workspaceId)).events).toBe(eventsBefore);
  });

  it("returns NOT_FOUND for contacts.get on another workspace's contact", async () => {
    await expectFailure(a.agent.contacts.get({ contactId: b.contactId }), "NOT_FOUND", "Contact not found");
    await expect(a.agent.contacts.get({ contactId: a.contactId })).resolves.toMatchObject({
      id: a.contactId,
      conversations: [expect.objectContaining({ id: a.conversationId })],
    });
  });

  it("never lists another workspace's conversations, whatever the filters", async () => {
    const listed = async (input: Parameters<typeof a.agent.conversations.list>[0]) =>
      (await a.agent.conversations.list(input)).items.map((item) => item.id);

    const all = await listed({ status: "all", limit: 100 });
    expect(all).toContain(a.conversationId);
    expect(all).not.toContain(b.conversationId);
    const ownIds = (
      await handle.db
        .select({ id: conversations.id })
        .from(conversations)
        .where(eq(conversations.workspaceId, a.ws.workspaceId))
    ).map((row) => row.id);
    expect(new Set(all)).toEqual(new Set(ownIds));

    expect(await listed({ status: "all", inboxId: b.ws.inboxId })).toEqual([]);
    expect(await listed({ status: "all", assignee: b.ws.agent.userId })).toEqual([]);
  });
});

describe("widget visitors only ever see their own conversation", () => {
  it("rejects a visitor token minted for inbox A on inbox B with UNAUTHORIZED and stores nothing", async () => {
    const before = { a: await countsFor(handle.db, a.ws.workspaceId), b: await countsFor(handle.db, b.ws.workspaceId) };
    const crossed = { inboxToken: b.ws.inboxToken, visitorToken: a.visitor.visitorToken };

    await expectFailure(
      anonymous.widget.send({ ...crossed, body: "Hello B", clientMessageId: clientId() }),
      "UNAUTHORIZED",
      "This chat session is not valid for this inbox; reload the page",
    );
    await expectFailure(anonymous.widget.messages({ ...crossed, conversationId: b.conversationId }), "UNAUTHORIZED");
    await expectFailure(anonymous.widget.messages({ ...crossed, conversationId: a.conversationId }), "UNAUTHORIZED");

    expect(await countsFor(handle.db, b.ws.workspaceId)).toEqual(before.b);
    expect(await countsFor(handle.db, a.ws.workspaceId)).toEqual(before.a);

    // Opening the widget on B with A's token does not adopt A's identity: a new visitor is issued.
    const session = await anonymous.widget.session(crossed);
    expect(session.visitorToken).not.toBe(a.visitor.visitorToken);
    expect(session.conversationId).toBeNull();
  });

  it("returns NOT_FOUND when visitor X asks for visitor Y's conversation", async () => {
    const x = await createVisitor(handle.db, a.ws);
    await anonymous.widget.send({ ...x, body: "I am X", clientMessageId: clientId() });

    await expectFailure(
      anonymous.widget.messages({ ...x, conversationId: a.conversationId }),
      "NOT_FOUND",
      "Conversation not found",
    );
    // Also before X has ever written (no contact yet) and for another workspace's conversation.
    const fresh = await createVisitor(handle.db, a.ws);
    await expectFailure(anonymous.widget.messages({ ...fresh, conversationId: a.conversationId }), "NOT_FOUND");
    await expectFailure(anonymous.widget.messages({ ...x, conversationId: b.conversationId }), "NOT_FOUND");
    // The owner still reads it.
    const own = await anonymous.widget.messages({ ...a.visitor, conversationId: a.conversationId });
    expect(own.messages.map((message) => message.body)).toEqual(["I need help"]);
  });
});

describe("authorizeChannel", () => {
  const agentOf = (t: Tenant): Subscriber => ({ kind: "agent", actor: t.ws.agent });
  const visitorOf = async (t: Tenant, credentials = t.visitor): Promise<Subscriber> => ({
    kind: "visitor",
    visitor: await resolveVisitor(handle.db, TEST_KEYS, { ...credentials, inboxToken: t.ws.inboxToken }),
  });
  const refused = (subscriber: Subscriber, channel: string) =>
    expect(authorizeChannel(handle.db, subscriber, channel), channel).rejects.toBeInstanceOf(ForbiddenError);

  it("lets an agent into their own workspace, presence, conversation and widget channels", async () => {
    const agent = agentOf(a);
    expect(await authorizeChannel(handle.db, agent, channelNames.workspace(a.ws.workspaceId))).toEqual({});
    expect(await authorizeChannel(handle.db, agent, channelNames.conversation(a.conversationId))).toEqual({});
    // The customer-side channel (typing both ways); it never carries private notes.
    expect(await authorizeChannel(handle.db, agent, channelNames.widgetConversation(a.conversationId))).toEqual({});
    const presence = await authorizeChannel(handle.db, agent, channelNames.workspacePresence(a.ws.workspaceId));
    expect(presence).toEqual({
      presence: { user_id: a.ws.agent.userId, user_info: { name: a.ws.agent.name, role: "agent" } },
    });
  });

  it("lets agents of the workspace see each other on a conversation, and nobody else", async () => {
    const agent = agentOf(a);
    expect(await authorizeChannel(handle.db, agent, channelNames.conversationPresence(a.conversationId))).toEqual({
      presence: { user_id: a.ws.agent.userId, user_info: { name: a.ws.agent.name } },
    });
    await refused(agent, channelNames.conversationPresence(b.conversationId));
    await refused(agent, channelNames.conversationPresence(newId("conversation")));
    await refused(agentOf(b), channelNames.conversationPresence(a.conversationId));
    await refused(await visitorOf(a), channelNames.conversationPresence(a.conversationId));
  });

  it("refuses an agent on another workspace's channels, widget channels included", async () => {
    const agent = agentOf(a);
    await refused(agent, channelNames.workspace(b.ws.workspaceId));
    await refused(agent, channelNames.workspacePresence(b.ws.workspaceId));
    await refused(agent, channelNames.conversation(b.conversationId));
    await refused(agent, channelNames.widgetConversation(b.conversationId));
    await refused(agent, channelNames.widgetConversation(newId("conversation")));
    await refused(agent, channelNames.conversation(newId("conversation")));
    await refused(agent, "private-something-else");
    await refused(agent, `${channelNames.workspace(a.ws.workspaceId)}-x`);
  });

  it("lets a visitor into their own widget channel only", async () => {
    const visitor = await visitorOf(a);
    expect(await authorizeChannel(handle.db, visitor, channelNames.widgetConversation(a.conversationId))).toEqual({});

    const other = await createVisitor(handle.db, a.ws);
    const sent = await anonymous.widget.send({ ...other, body: "Other visitor", clientMessageId: clientId() });
    await refused(visitor, channelNames.widgetConversation(sent.conversationId));
    await refused(visitor, channelNames.widgetConversation(b.conversationId));
  });

  it("refuses a visitor on agent channels, even for their own conversation", async () => {
    const visitor = await visitorOf(a);
    await refused(visitor, channelNames.conversation(a.conversationId));
    await refused(visitor, channelNames.workspace(a.ws.workspaceId));
    await refused(visitor, channelNames.workspacePresence(a.ws.workspaceId));
  });

  it("refuses a visitor who has not written yet on every widget channel", async () => {
    const fresh = await createVisitor(handle.db, a.ws);
    const visitor = await visitorOf(a, fresh);
    if (visitor.kind !== "visitor") throw new Error("expected a visitor");
    expect(visitor.visitor.contactId).toBeNull();
    await refused(visitor, channelNames.widgetConversation(a.conversationId));
  });

  it("reports the same refusal for every reason", async () => {
    const visitor = await visitorOf(a);
    const reasons = await Promise.allSettled([
      authorizeChannel(handle.db, agentOf(a), channelNames.workspace(b.ws.workspaceId)),
      authorizeChannel(handle.db, agentOf(a), channelNames.conversation(b.conversationId)),
      authorizeChannel(handle.db, visitor, channelNames.conversation(a.conversationId)),
      authorizeChannel(handle.db, agentOf(a), "not-a-channel"),
    ]);
    const messages = reasons.map((result) => (result.status === "rejected" ? (result.reason as Error).message : "ok"));
    expect(new Set(messages)).toEqual(new Set(["You may not subscribe to this channel"]));
  });
});

describe("unauthenticated callers", () => {
  it("get UNAUTHORIZED from every agent procedure and store nothing", async () => {
    const before = await countsFor(handle.db, a.ws.workspaceId);
    const conversationId = a.conversationId;
    const calls: (() => Promise<unknown>)[] = [
      () => anonymous.conversations.list({}),
      () => anonymous.conversations.get({ conversationId }),
      () => anonymous.conversations.markRead({ conversationId }),
      () => anonymous.conversations.resolve({ conversationId }),
      () => anonymous.conversations.reopen({ conversationId }),
      () => anonymous.messages.list({ conversationId }),
      () => anonymous.messages.send({ conversationId, body: "Sneaky", clientMessageId: clientId() }),
      () => anonymous.contacts.get({ contactId: a.contactId }),
    ];
    for (const call of calls) await expectFailure(call(), "UNAUTHORIZED", "Please sign in");
    expect(await countsFor(handle.db, a.ws.workspaceId)).toEqual(before);
    expect(await conversationRow(conversationId)).toMatchObject({ status: "open" });
  });
});
