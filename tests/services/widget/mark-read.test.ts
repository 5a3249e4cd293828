import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DatabaseHandle } from "@/db";
import { conversations } from "@/db/schema";
import { channelNames } from "@/server/realtime/channel-names";
import { realtimeDeliveriesFor } from "@/server/realtime/event-fanout";
import { callerFor } from "../../support/caller";
import { openTestDatabase } from "../../support/database";
import { clientId, createVisitor, createWorkspace, recordingDispatcher } from "../../support/factories";
import { expectFailure } from "../../support/trpc-error";

let handle: DatabaseHandle;
beforeAll(async () => {
  handle = await openTestDatabase();
});
afterAll(() => handle.close());

/** A visitor's conversation with one agent reply (seq 2). */
async function answered() {
  const ws = await createWorkspace(handle.db);
  const dispatcher = recordingDispatcher();
  const anonymous = callerFor(handle.db, dispatcher, null);
  const visitor = await createVisitor(handle.db, ws);
  const sent = await anonymous.widget.send({ ...visitor, body: "Hello?", clientMessageId: clientId() });
  const agent = callerFor(handle.db, recordingDispatcher(), ws.agent);
  const reply = await agent.messages.send({
    conversationId: sent.conversationId,
    body: "Hi, how can I help?",
    clientMessageId: clientId(),
  });
  return { ws, dispatcher, anonymous, visitor, conversationId: sent.conversationId, replySeq: reply.message.seq };
}

const readMark = async (conversationId: string) =>
  (await handle.db.select().from(conversations).where(eq(conversations.id, conversationId)))[0]!.contactLastReadSeq;

describe("widget.markRead", () => {
  it("moves the visitor's read mark forward once and tells the agents, not the visitor's channel", async () => {
    const { dispatcher, anonymous, visitor, conversationId, replySeq } = await answered();
    dispatcher.dispatched.length = 0;
    const read = await anonymous.widget.markRead({ ...visitor, conversationId, seq: replySeq });
    expect(read).toEqual({ contactLastReadSeq: replySeq });
    expect(await readMark(conversationId)).toBe(replySeq);
    const events = dispatcher.dispatched.filter((event) => event.type === "conversation.read");
    expect(events).toHaveLength(1);
    const channels = realtimeDeliveriesFor(events[0]!).flatMap((delivery) => delivery.channels);
    expect(channels).toContain(channelNames.conversation(conversationId));
    expect(channels).not.toContain(channelNames.widgetConversation(conversationId));

    // Again, backwards, or beyond the last message: nothing moves back, nothing is recorded twice.
    expect(await anonymous.widget.markRead({ ...visitor, conversationId, seq: replySeq })).toEqual({
      contactLastReadSeq: replySeq,
    });
    expect(await anonymous.widget.markRead({ ...visitor, conversationId, seq: 1 })).toEqual({
      contactLastReadSeq: replySeq,
    });
    expect(await anonymous.widget.markRead({ ...visitor, conversationId, seq: 1_000_000 })).toEqual({
      contactLastReadSeq: replySeq,
    });
    expect(dispatcher.dispatched.filter((event) => event.type === "conversation.read")).toHaveLength(1);
  });

  it("records one read for the same receipt sent many times at once", async () => {
    const { dispatcher, anonymous, visitor, conversationId, replySeq } = await answered();
    dispatcher.dispatched.length = 0;
    const results = await Promise.all(
      Array.from({ length: 6 }, () => anonymous.widget.markRead({ ...visitor, conversationId, seq: replySeq })),
    );
    expect(results.every((result) => result.contactLastReadSeq === replySeq)).toBe(true);
    expect(dispatcher.dispatched.filter((event) => event.type === "conversation.read")).toHaveLength(1);
  });

  it("refuses another visitor's or another workspace's conversation without revealing it", async () => {
    const mine = await answered();
    const theirs = await answered();
    const stranger = await createVisitor(handle.db, mine.ws);
    await expectFailure(
      mine.anonymous.widget.markRead({ ...stranger, conversationId: mine.conversationId, seq: 1 }),
      "NOT_FOUND",
    );
    await expectFailure(
      mine.anonymous.widget.markRead({ ...mine.visitor, conversationId: theirs.conversationId, seq: 1 }),
      "NOT_FOUND",
    );
    expect(await readMark(mine.conversationId)).toBe(0);
    expect(await readMark(theirs.conversationId)).toBe(0);
    await expectFailure(
      mine.anonymous.widget.markRead({ ...mine.visitor, conversationId: mine.conversationId, seq: 0 }),
      "BAD_REQUEST",
    );
  });
});
