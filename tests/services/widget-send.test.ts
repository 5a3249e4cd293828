import { and, asc, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DatabaseHandle } from "@/db";
import { contactIdentities, contacts, conversations, events, messages } from "@/db/schema";
import type { ServiceContext } from "@/server/services/context";
import { resolveConversation } from "@/server/services/conversation/set-conversation-status";
import { sendWidgetMessage } from "@/server/services/widget/send-widget-message";
import { startWidgetSession } from "@/server/services/widget/start-widget-session";
import { countsFor } from "../support/counts";
import { openTestDatabase } from "../support/database";
import {
  clientId,
  createVisitor,
  createWorkspace,
  recordingDispatcher,
  testRequester,
  widgetContext,
  type TestWorkspace,
} from "../support/factories";

let handle: DatabaseHandle;

beforeAll(async () => {
  handle = await openTestDatabase();
});
afterAll(() => handle.close());

/** A fresh tenant with its own recording dispatcher, so every count below is this test's alone. */
async function setup() {
  const db = handle.db;
  const ws = await createWorkspace(db);
  const dispatcher = recordingDispatcher();
  const ctx: ServiceContext = { db, dispatcher };
  const send = (visitor: { inboxToken: string; visitorToken: string }, body: string, clientMessageId = clientId()) =>
    sendWidgetMessage(widgetContext(ctx), testRequester(), { ...visitor, body, clientMessageId });
  return { db, ws, dispatcher, ctx, send };
}

const visitorIdOf = (visitorToken: string) => visitorToken.split(".")[2];

async function outboxFor(ws: TestWorkspace) {
  return handle.db.select().from(events).where(eq(events.workspaceId, ws.workspaceId)).orderBy(asc(events.id));
}

describe("sendWidgetMessage", () => {
  it("creates contact, visitor identity, open conversation, message seq 1 and both outbox events on the first message", async () => {
    const { db, ws, dispatcher, send } = await setup();
    const visitor = await createVisitor(db, ws);
    expect(await countsFor(db, ws.workspaceId)).toMatchObject({
      contacts: 0,
      conversations: 0,
      messages: 0,
      events: 0,
    });

    const result = await send(visitor, "Hello, is anyone there?");

    expect(result.created).toBe(true);
    expect(result.message).toMatchObject({
      conversationId: result.conversationId,
      seq: 1,
      direction: "inbound",
      senderType: "contact",
      senderUserId: null,
      body: "Hello, is anyone there?",
      deliveryStatus: "delivered",
    });

    const [contact, ...otherContacts] = await db
      .select()
      .from(contacts)
      .where(eq(contacts.workspaceId, ws.workspaceId));
    expect(otherContacts).toHaveLength(0);
    expect(contact?.lastSeenAt).toBeInstanceOf(Date);

    const identities = await db
      .select()
      .from(contactIdentities)
      .where(eq(contactIdentities.workspaceId, ws.workspaceId));
    expect(identities).toEqual([
      expect.objectContaining({
        contactId: contact?.id,
        kind: "web_visitor",
        value: visitorIdOf(visitor.visitorToken),
        sourceInboxId: ws.inboxId,
      }),
    ]);

    const [conversation] = await db.select().from(conversations).where(eq(conversations.id, result.conversationId));
    expect(conversation).toMatchObject({
      workspaceId: ws.workspaceId,
      inboxId: ws.inboxId,
      contactId: contact?.id,
      status: "open",
      lastSeq: 1,
      unreadCount: 1,
      lastMessagePreview: "Hello, is anyone there?",
      lastMessageDirection: "inbound",
    });
    expect(result.message.senderContactId).toBe(contact?.id);

    const stored = await db.select().from(messages).where(eq(messages.conversationId, result.conversationId));
    expect(stored).toHaveLength(1);
    expect(stored[0]).toMatchObject({ id: result.message.id, seq: 1, workspaceId: ws.workspaceId });

    const outbox = await outboxFor(ws);
    expect(outbox.map((event) => [event.type, event.conversationId])).toEqual([
      ["conversation.created", result.conversationId],
      ["message.created", result.conversationId],
    ]);
    expect(outbox[0]?.payload).toMatchObject({ conversationId: result.conversationId, contactId: contact?.id });
    expect(outbox[1]?.payload).toMatchObject({ message: { id: result.message.id, seq: 1 } });
    // Handed to realtime only after commit, exactly the rows that were stored.
    expect(dispatcher.dispatched.map((event) => event.id)).toEqual(outbox.map((event) => event.id));

    // A reload of the widget finds the same thread again.
    const session = await startWidgetSession(widgetContext({ db }), testRequester(), visitor);
    expect(session.visitorToken).toBe(visitor.visitorToken);
    expect(session.conversationId).toBe(result.conversationId);
  });

  it("adds a second message to the same conversation as seq 2", async () => {
    const { db, ws, dispatcher, send } = await setup();
    const visitor = await createVisitor(db, ws);
    const first = await send(visitor, "First");
    const dispatchedBefore = dispatcher.dispatched.length;

    const second = await send(visitor, "Second");

    expect(second.created).toBe(true);
    expect(second.conversationId).toBe(first.conversationId);
    expect(second.message.seq).toBe(2);
    expect(second.message.senderContactId).toBe(first.message.senderContactId);
    expect(await countsFor(db, ws.workspaceId)).toMatchObject({
      contacts: 1,
      identities: 1,
      conversations: 1,
      messages: 2,
    });
    const [conversation] = await db.select().from(conversations).where(eq(conversations.id, first.conversationId));
    expect(conversation).toMatchObject({ lastSeq: 2, unreadCount: 2, lastMessagePreview: "Second" });
    // Only a message event this time: the conversation already existed.
    expect(dispatcher.dispatched.slice(dispatchedBefore).map((event) => event.type)).toEqual(["message.created"]);
  });

  it("stores a message in an open conversation with the event realtime got, as the outbox relay would send it", async () => {
    const { db, ws, dispatcher, send } = await setup();
    const visitor = await createVisitor(db, ws);
    const first = await send(visitor, "First");
    const [contactBefore] = await db.select().from(contacts).where(eq(contacts.id, first.message.senderContactId!));
    const body = `  "Quotes", ünïcödé ✓ and\n\nnewlines ${"x".repeat(200)}  `;

    const second = await send(visitor, body);

    const [stored] = await db.select().from(messages).where(eq(messages.id, second.message.id));
    expect(stored).toMatchObject({
      workspaceId: ws.workspaceId,
      conversationId: first.conversationId,
      seq: 2,
      body,
      attachments: [],
      senderUserId: null,
      deliveryStatus: "delivered",
    });
    expect(stored?.createdAt.toISOString()).toBe(second.message.createdAt);
    expect(stored?.updatedAt).toEqual(stored?.createdAt);
    const [conversation] = await db.select().from(conversations).where(eq(conversations.id, first.conversationId));
    expect(conversation).toMatchObject({ lastSeq: 2, unreadCount: 2, lastMessageDirection: "inbound" });
    expect(conversation?.lastMessagePreview).toMatch(/^"Quotes", ünïcödé ✓ and newlines x+…$/);
    expect(conversation?.lastActivityAt).toEqual(stored?.createdAt);
    const [contact] = await db.select().from(contacts).where(eq(contacts.id, first.message.senderContactId!));
    expect(contact!.lastSeenAt!.getTime()).toBeGreaterThanOrEqual(contactBefore!.lastSeenAt!.getTime());

    const outbox = await outboxFor(ws);
    const event = outbox.at(-1);
    const handed = dispatcher.dispatched.at(-1);
    expect(handed?.id).toBe(event?.id);
    expect(handed).toMatchObject({ type: "message.created", conversationId: first.conversationId, publishedAt: null });
    expect(handed?.createdAt).toEqual(event?.createdAt);
    // What realtime got first is what the relay would send again.
    expect(handed?.payload).toEqual(event?.payload);
    expect(event?.payload).toEqual({
      message: second.message,
      conversation: {
        id: first.conversationId,
        lastSeq: 2,
        unreadCount: 2,
        lastActivityAt: second.message.createdAt,
        lastMessagePreview: conversation?.lastMessagePreview,
        // Everything an open inbox list needs to update the row in place.
        lastMessageDirection: "inbound",
        status: "open",
        slaDueAt: conversation?.slaDueAt?.toISOString() ?? null,
        slaBreachedAt: null,
      },
    });
  });

  it("stores one message for a repeated clientMessageId and reports created:false without a second event", async () => {
    const { db, ws, dispatcher, send } = await setup();
    const visitor = await createVisitor(db, ws);
    const id = clientId();
    const first = await send(visitor, "Sent once", id);
    const countsAfterFirst = await countsFor(db, ws.workspaceId);
    const dispatchedAfterFirst = dispatcher.dispatched.length;

    const retry = await send(visitor, "Sent once (retried)", id);

    expect(first.created).toBe(true);
    expect(retry.created).toBe(false);
    expect(retry.conversationId).toBe(first.conversationId);
    expect(retry.message).toEqual(first.message);
    expect(await countsFor(db, ws.workspaceId)).toEqual(countsAfterFirst);
    expect(dispatcher.dispatched).toHaveLength(dispatchedAfterFirst);
    const stored = await db
      .select()
      .from(messages)
      .where(and(eq(messages.conversationId, first.conversationId), eq(messages.clientMessageId, id)));
    expect(stored.map((message) => message.body)).toEqual(["Sent once"]);
    const [conversation] = await db.select().from(conversations).where(eq(conversations.id, first.conversationId));
    expect(conversation).toMatchObject({ lastSeq: 1, unreadCount: 1 });
  });

  it("gives 20 concurrent sends from one visitor one conversation with seqs 1..20, no gaps, no duplicates", async () => {
    const { db, ws, dispatcher, send } = await setup();
    const visitor = await createVisitor(db, ws);
    const bodies = Array.from({ length: 20 }, (_, i) => `Concurrent message ${i + 1}`);

    const results = await Promise.all(bodies.map((body) => send(visitor, body)));

    expect(results.every((result) => result.created)).toBe(true);
    const conversationIds = new Set(results.map((result) => result.conversationId));
    expect(conversationIds.size).toBe(1);
    const [conversationId] = [...conversationIds];
    expect(results.map((result) => result.message.seq).sort((a, b) => a - b)).toEqual(
      Array.from({ length: 20 }, (_, i) => i + 1),
    );

    const stored = await db
      .select()
      .from(messages)
      .where(eq(messages.conversationId, conversationId as string))
      .orderBy(asc(messages.seq));
    expect(stored.map((message) => message.seq)).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
    expect(new Set(stored.map((message) => message.body))).toEqual(new Set(bodies));
    // Racing first messages must not leave extra contacts behind.
    expect(await countsFor(db, ws.workspaceId)).toMatchObject({
      contacts: 1,
      identities: 1,
      conversations: 1,
      messages: 20,
    });
    expect(new Set(stored.map((message) => message.senderContactId)).size).toBe(1);

    const [conversation] = await db
      .select()
      .from(conversations)
      .where(eq(conversations.id, conversationId as string));
    expect(conversation).toMatchObject({ lastSeq: 20, unreadCount: 20, status: "open" });
    const outbox = await outboxFor(ws);
    expect(outbox.filter((event) => event.type === "conversation.created")).toHaveLength(1);
    expect(outbox.filter((event) => event.type === "message.created")).toHaveLength(20);
    expect(dispatcher.dispatched).toHaveLength(21);
  });

  it("starts a new conversation for the same contact once the previous one is resolved", async () => {
    const { db, ws, ctx, send } = await setup();
    const visitor = await createVisitor(db, ws);
    const before = await send(visitor, "My order is late");
    await send(visitor, "Order #1234");
    await resolveConversation(ctx, ws.agent, before.conversationId);

    const after = await send(visitor, "Another question");

    expect(after.created).toBe(true);
    expect(after.conversationId).not.toBe(before.conversationId);
    expect(after.message.seq).toBe(1);
    expect(after.message.senderContactId).toBe(before.message.senderContactId);
    const rows = await db
      .select({ id: conversations.id, status: conversations.status, lastSeq: conversations.lastSeq })
      .from(conversations)
      .where(eq(conversations.workspaceId, ws.workspaceId));
    expect(rows).toHaveLength(2);
    expect(rows).toEqual(
      expect.arrayContaining([
        { id: before.conversationId, status: "resolved", lastSeq: 2 },
        { id: after.conversationId, status: "open", lastSeq: 1 },
      ]),
    );
    expect(await countsFor(db, ws.workspaceId)).toMatchObject({ contacts: 1, identities: 1 });
    const session = await startWidgetSession(widgetContext({ db }), testRequester(), visitor);
    expect(session.conversationId).toBe(after.conversationId);
  });

  it("gives a second visitor their own contact and conversation", async () => {
    const { db, ws, send } = await setup();
    const alice = await createVisitor(db, ws);
    const bob = await createVisitor(db, ws);
    expect(bob.visitorToken).not.toBe(alice.visitorToken);

    const fromAlice = await send(alice, "Hi from Alice");
    const fromBob = await send(bob, "Hi from Bob");

    expect(fromBob.conversationId).not.toBe(fromAlice.conversationId);
    expect(fromBob.message.senderContactId).not.toBe(fromAlice.message.senderContactId);
    expect(fromBob.message.seq).toBe(1);
    expect(await countsFor(db, ws.workspaceId)).toMatchObject({
      contacts: 2,
      identities: 2,
      conversations: 2,
      messages: 2,
    });
    const identities = await db
      .select({ contactId: contactIdentities.contactId, value: contactIdentities.value })
      .from(contactIdentities)
      .where(eq(contactIdentities.workspaceId, ws.workspaceId));
    expect(identities).toEqual(
      expect.arrayContaining([
        { contactId: fromAlice.message.senderContactId, value: visitorIdOf(alice.visitorToken) },
        { contactId: fromBob.message.senderContactId, value: visitorIdOf(bob.visitorToken) },
      ]),
    );
  });
});
