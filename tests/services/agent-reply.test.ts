import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DatabaseHandle } from "@/db";
import { channelNames } from "@/server/realtime/channel-names";
import { realtimeDeliveriesFor } from "@/server/realtime/event-fanout";
import { callerFor } from "../support/caller";
import { countsFor } from "../support/counts";
import { openTestDatabase } from "../support/database";
import { clientId, createVisitor, createWorkspace, recordingDispatcher } from "../support/factories";

let handle: DatabaseHandle;

beforeAll(async () => {
  handle = await openTestDatabase();
});
afterAll(() => handle.close());

/** A workspace where a visitor has written `inbound` messages, with callers for both sides. */
async function conversationWithVisitor(inbound = 2) {
  const db = handle.db;
  const ws = await createWorkspace(db);
  const dispatcher = recordingDispatcher();
  const agent = callerFor(db, dispatcher, ws.agent);
  const anonymous = callerFor(db, dispatcher, null);
  const visitor = await createVisitor(db, ws);
  let conversationId = "";
  for (let i = 1; i <= inbound; i++) {
    const sent = await anonymous.widget.send({ ...visitor, body: `Visitor message ${i}`, clientMessageId: clientId() });
    conversationId = sent.conversationId;
  }
  const widgetMessages = () => anonymous.widget.messages({ ...visitor, conversationId });
  return { db, ws, dispatcher, agent, anonymous, visitor, conversationId, widgetMessages };
}

describe("messages.send (agent reply)", () => {
  it("stores the reply as outbound seq n+1 and clears the unread count", async () => {
    const { ws, agent, conversationId, dispatcher } = await conversationWithVisitor(2);
    const before = await agent.conversations.get({ conversationId });
    expect(before).toMatchObject({ lastSeq: 2, unreadCount: 2, agentLastReadSeq: 0 });

    const reply = await agent.messages.send({ conversationId, body: "Happy to help!", clientMessageId: clientId() });

    expect(reply.created).toBe(true);
    expect(reply.message).toMatchObject({
      conversationId,
      seq: 3,
      direction: "outbound",
      senderType: "agent",
      senderUserId: ws.agent.userId,
      senderContactId: null,
      body: "Happy to help!",
    });
    const after = await agent.conversations.get({ conversationId });
    expect(after).toMatchObject({
      lastSeq: 3,
      unreadCount: 0,
      agentLastReadSeq: 3,
      lastMessagePreview: "Happy to help!",
      lastMessageDirection: "outbound",
    });
    expect(dispatcher.dispatched.at(-1)).toMatchObject({ type: "message.created", conversationId });
  });

  it("is idempotent by clientMessageId: a retry returns the stored reply and adds nothing", async () => {
    const { db, ws, agent, conversationId, dispatcher } = await conversationWithVisitor(1);
    const id = clientId();
    const first = await agent.messages.send({ conversationId, body: "Only once", clientMessageId: id });
    const counts = await countsFor(db, ws.workspaceId);
    const dispatched = dispatcher.dispatched.length;

    const retry = await agent.messages.send({ conversationId, body: "Only once (retry)", clientMessageId: id });

    expect(first.created).toBe(true);
    expect(retry.created).toBe(false);
    expect(retry.message).toEqual(first.message);
    expect(await countsFor(db, ws.workspaceId)).toEqual(counts);
    expect(dispatcher.dispatched).toHaveLength(dispatched);
    const { messages } = await agent.messages.list({ conversationId });
    expect(messages.map((message) => message.body)).toEqual(["Visitor message 1", "Only once"]);
  });

  it("stores a private note as direction note, shown to agents but never to the visitor or the widget channel", async () => {
    const { agent, conversationId, dispatcher, widgetMessages } = await conversationWithVisitor(1);
    const reply = await agent.messages.send({ conversationId, body: "Public answer", clientMessageId: clientId() });
    const replyEvent = dispatcher.dispatched.at(-1);

    const note = await agent.messages.send({
      conversationId,
      body: "Internal: customer is on the legacy plan",
      clientMessageId: clientId(),
      private: true,
    });
    const noteEvent = dispatcher.dispatched.at(-1);

    expect(note.message).toMatchObject({ seq: 3, direction: "note", senderType: "agent" });
    const agentView = await agent.messages.list({ conversationId });
    expect(agentView.messages.map((message) => [message.seq, message.direction])).toEqual([
      [1, "inbound"],
      [2, "outbound"],
      [3, "note"],
    ]);

    const visitorView = await widgetMessages();
    expect(visitorView.messages.map((message) => message.id)).toEqual([visitorView.messages[0]?.id, reply.message.id]);
    expect(visitorView.messages.some((message) => message.direction === "note")).toBe(false);
    expect(JSON.stringify(visitorView)).not.toContain("legacy plan");
    // A note is not a visible message: the conversation preview still shows the public answer.
    expect(await agent.conversations.get({ conversationId })).toMatchObject({
      lastMessagePreview: "Public answer",
      lastMessageDirection: "outbound",
    });

    expect(noteEvent).toMatchObject({ type: "message.created", conversationId });
    const noteChannels = realtimeDeliveriesFor(noteEvent!).flatMap((delivery) => delivery.channels);
    expect(noteChannels).toContain(channelNames.conversation(conversationId));
    expect(noteChannels).not.toContain(channelNames.widgetConversation(conversationId));
    expect(noteChannels.some((channel) => channel.startsWith("private-widget-"))).toBe(false);
    // The public reply, by contrast, does reach the visitor.
    const replyChannels = realtimeDeliveriesFor(replyEvent!).flatMap((delivery) => delivery.channels);
    expect(replyChannels).toContain(channelNames.widgetConversation(conversationId));
  });
});

describe("messages.list paging", () => {
  /** Seqs 1..9: one visitor message, then eight agent replies. */
  async function nineMessages() {
    const setup = await conversationWithVisitor(1);
    for (let i = 2; i <= 9; i++) {
      await setup.agent.messages.send({
        conversationId: setup.conversationId,
        body: `Reply ${i}`,
        clientMessageId: clientId(),
      });
    }
    return setup;
  }
  const seqs = (page: { messages: { seq: number }[] }) => page.messages.map((message) => message.seq);

  it("afterSeq returns only newer messages in ascending order, paging forward with hasMore", async () => {
    const { agent, conversationId } = await nineMessages();

    const newer = await agent.messages.list({ conversationId, afterSeq: 6 });
    expect(seqs(newer)).toEqual([7, 8, 9]);
    expect(newer).toMatchObject({ hasMore: false, lastSeq: 9 });
    expect(seqs(await agent.messages.list({ conversationId, afterSeq: 9 }))).toEqual([]);

    const pages: number[][] = [];
    let afterSeq = 0;
    for (let guard = 0; guard < 10; guard++) {
      const page = await agent.messages.list({ conversationId, afterSeq, limit: 4 });
      pages.push(seqs(page));
      if (!page.hasMore) break;
      afterSeq = page.messages.at(-1)?.seq ?? afterSeq;
    }
    expect(pages).toEqual([[1, 2, 3, 4], [5, 6, 7, 8], [9]]);
  });

  it("without afterSeq returns the newest page ascending, and beforeSeq pages back through history", async () => {
    const { agent, conversationId } = await nineMessages();

    const newest = await agent.messages.list({ conversationId, limit: 4 });
    expect(seqs(newest)).toEqual([6, 7, 8, 9]);
    expect(newest.hasMore).toBe(true);

    const pages = [seqs(newest)];
    let oldest = newest.messages[0]?.seq ?? 0;
    for (let guard = 0; guard < 10; guard++) {
      const page = await agent.messages.list({ conversationId, beforeSeq: oldest, limit: 4 });
      pages.push(seqs(page));
      if (!page.hasMore) break;
      oldest = page.messages[0]?.seq ?? oldest;
    }
    expect(pages).toEqual([[6, 7, 8, 9], [2, 3, 4, 5], [1]]);
    expect(pages.flat().sort((a, b) => a - b)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9]);

    const exact = await agent.messages.list({ conversationId, beforeSeq: 5, limit: 4 });
    expect(seqs(exact)).toEqual([1, 2, 3, 4]);
    expect(exact.hasMore).toBe(false);
  });

  it("the widget resync pages the same way but skips notes", async () => {
    const { agent, conversationId, anonymous, visitor } = await conversationWithVisitor(1);
    await agent.messages.send({ conversationId, body: "Note", clientMessageId: clientId(), private: true });
    await agent.messages.send({ conversationId, body: "Visible 3", clientMessageId: clientId() });
    await agent.messages.send({ conversationId, body: "Visible 4", clientMessageId: clientId() });

    const page = await anonymous.widget.messages({ ...visitor, conversationId, afterSeq: 1, limit: 1 });
    expect(seqs(page)).toEqual([3]);
    expect(page.hasMore).toBe(true);
    const rest = await anonymous.widget.messages({ ...visitor, conversationId, afterSeq: 3 });
    expect(seqs(rest)).toEqual([4]);
    expect(rest.hasMore).toBe(false);
  });
});
