import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DatabaseHandle } from "@/db";
import { conversations, inboundEvents, messages } from "@/db/schema";
import type { Sender } from "@/server/channels/contract";
import { createChannelRegistry } from "@/server/channels/registry";
import { NotFoundError } from "@/server/errors";
import { findChannelInbox } from "@/server/services/channel/find-channel-inbox";
import { receiveInbound } from "@/server/services/channel/receive-inbound";
import { resolveConversation } from "@/server/services/conversation/set-conversation-status";
import { sendWidgetMessage } from "@/server/services/widget/send-widget-message";
import { createApiInbox } from "../support/api-channel";
import { openTestDatabase } from "../support/database";
import {
  clientId,
  createVisitor,
  createWorkspace,
  recordingDispatcher,
  TEST_KEYS,
  testRequester,
  widgetContext,
} from "../support/factories";

let handle: DatabaseHandle;
beforeAll(async () => {
  handle = await openTestDatabase();
});
afterAll(() => handle.close());

let counter = 0;
const apiSender = (): Sender => ({
  identities: [{ kind: "api_user", value: `au_receive${Date.now().toString(36)}${counter++}`, verified: false }],
});
const message = (sender: Sender, extra: { conversationId?: string; clientMessageId?: string } = {}) => ({
  type: "message" as const,
  providerEventId: `evt-${clientId()}`,
  sender,
  body: "Hello",
  occurredAt: new Date(),
  ...extra,
});

describe("receiveInbound", () => {
  it("accepts typing without storing anything", async () => {
    const ws = await createWorkspace(handle.db);
    const inbox = await createApiInbox(handle.db, ws);
    const ctx = { db: handle.db, dispatcher: recordingDispatcher() };
    const [outcome] = await receiveInbound(ctx, inbox, [
      { type: "typing", providerEventId: "typing-1", sender: apiSender(), occurredAt: new Date() },
    ]);
    expect(outcome).toEqual({ type: "typing", providerEventId: "typing-1" });
    expect(await handle.db.select().from(inboundEvents).where(eq(inboundEvents.inboxId, inbox.id))).toEqual([]);
    expect(ctx.dispatcher.dispatched).toEqual([]);
  });

  it("continues the sender's open conversation and opens a new one after it was resolved", async () => {
    const ws = await createWorkspace(handle.db);
    const inbox = await createApiInbox(handle.db, ws);
    const ctx = { db: handle.db, dispatcher: recordingDispatcher() };
    const sender = apiSender();
    const [first] = await receiveInbound(ctx, inbox, [message(sender)]);
    const [second] = await receiveInbound(ctx, inbox, [message(sender)]);
    if (first?.type !== "message" || second?.type !== "message") throw new Error("no message");
    expect(first.conversationCreated).toBe(true);
    expect(second).toMatchObject({ conversationId: first.conversationId, conversationCreated: false });
    expect(second.message.seq).toBe(2);
    await resolveConversation(ctx, ws.agent, first.conversationId);
    const [third] = await receiveInbound(ctx, inbox, [message(sender)]);
    if (third?.type !== "message") throw new Error("no message");
    expect(third.conversationId).not.toBe(first.conversationId);
    expect(third.contactId).toBe(first.contactId);
  });

  it("reopens a resolved conversation the sender writes into by name, and refuses anyone else's", async () => {
    const ws = await createWorkspace(handle.db);
    const inbox = await createApiInbox(handle.db, ws);
    const ctx = { db: handle.db, dispatcher: recordingDispatcher() };
    const sender = apiSender();
    const [first] = await receiveInbound(ctx, inbox, [message(sender)]);
    if (first?.type !== "message") throw new Error("no message");
    await resolveConversation(ctx, ws.agent, first.conversationId);
    ctx.dispatcher.dispatched.length = 0;
    await receiveInbound(ctx, inbox, [message(sender, { conversationId: first.conversationId })]);
    const [row] = await handle.db.select().from(conversations).where(eq(conversations.id, first.conversationId));
    expect(row?.status).toBe("open");
    expect(ctx.dispatcher.dispatched.map((event) => event.type)).toEqual(["conversation.updated", "message.created"]);

    const stranger = message(apiSender(), { conversationId: first.conversationId });
    await expect(receiveInbound(ctx, inbox, [stranger])).rejects.toThrow(NotFoundError);
    // Refused events leave no claim behind: the same event may be sent again once it is valid.
    const claimed = await handle.db
      .select()
      .from(inboundEvents)
      .where(eq(inboundEvents.providerEventId, stranger.providerEventId));
    expect(claimed).toEqual([]);
  });

  it("keeps provider event ids per inbox: another workspace's identical id neither dedupes nor reveals ours", async () => {
    const ctx = { db: handle.db, dispatcher: recordingDispatcher() };
    const mine = await createApiInbox(handle.db, await createWorkspace(handle.db));
    const theirs = await createApiInbox(handle.db, await createWorkspace(handle.db));
    const sender = apiSender();
    const event = { ...message(sender), providerEventId: `shared-${clientId()}` };
    const [a] = await receiveInbound(ctx, mine, [event]);
    const [b] = await receiveInbound(ctx, theirs, [{ ...event, body: "Theirs" }]);
    if (a?.type !== "message" || b?.type !== "message") throw new Error("no message");
    expect([a.created, b.created]).toEqual([true, true]);
    expect(b.message.id).not.toBe(a.message.id);
    expect(b.message.body).toBe("Theirs");
    const [conversation] = await handle.db.select().from(conversations).where(eq(conversations.id, b.conversationId));
    expect(conversation?.workspaceId).toBe(theirs.workspaceId);
    expect(b.contactId).not.toBe(a.contactId);
  });

  it("moves the read mark by message id as well as by position", async () => {
    const ws = await createWorkspace(handle.db);
    const inbox = await createApiInbox(handle.db, ws);
    const ctx = { db: handle.db, dispatcher: recordingDispatcher() };
    const sender = apiSender();
    await receiveInbound(ctx, inbox, [message(sender)]);
    const [second] = await receiveInbound(ctx, inbox, [message(sender)]);
    if (second?.type !== "message") throw new Error("no message");
    const [read] = await receiveInbound(ctx, inbox, [
      { type: "read_receipt", providerEventId: "r1", providerMessageId: second.message.id, occurredAt: new Date() },
    ]);
    expect(read).toMatchObject({ type: "read_receipt", conversationId: second.conversationId, contactLastReadSeq: 2 });
    // Another inbox's message id is not this inbox's to mark.
    const other = await createApiInbox(handle.db, ws);
    const [ignored] = await receiveInbound(ctx, other, [
      { type: "read_receipt", providerEventId: "r2", providerMessageId: second.message.id, occurredAt: new Date() },
    ]);
    expect(ignored).toMatchObject({ conversationId: null, contactLastReadSeq: null });
  });

  it("treats a widget message sent through the widget's own path and through the adapter as one", async () => {
    const ws = await createWorkspace(handle.db);
    const ctx = { db: handle.db, dispatcher: recordingDispatcher() };
    const visitor = await createVisitor(handle.db, ws);
    const key = clientId();
    const viaWidget = await sendWidgetMessage({ ...widgetContext(ctx) }, testRequester(), {
      ...visitor,
      body: "Hello from the page",
      clientMessageId: key,
    });
    const inbox = await findChannelInbox(handle.db, "web_widget", { id: ws.inboxId });
    const adapter = createChannelRegistry({ keys: TEST_KEYS, outbound: { allowLoopback: false } }).web_widget!;
    const request = {
      rawBody: Buffer.from(JSON.stringify({ ...visitor, body: "Hello from the page", clientMessageId: key })),
      headers: {},
    };
    expect(adapter.verify(inbox, request)).toEqual({ ok: true });
    const [outcome] = await receiveInbound(ctx, inbox, adapter.parse(inbox, request));
    expect(outcome).toMatchObject({ type: "message", created: false, message: { id: viaWidget.message.id } });
    const stored = await handle.db.select().from(messages).where(eq(messages.conversationId, viaWidget.conversationId));
    expect(stored).toHaveLength(1);
  });
});
