import { and, eq, sql } from "drizzle-orm";
import type { Executor } from "@/db";
import { conversations } from "@/db/schema";
import { NotFoundError } from "@/server/errors";
import { recordEvent, type StoredEvent } from "../outbox/record-event";

/**
 * Moves the customer's read mark forward to `seq` (never back, never past the last message) and
 * tells agents with a `conversation.read` event. Reading again what was already read changes
 * nothing and records nothing, so a repeated or replayed receipt is free.
 */
export async function recordContactRead(
  tx: Executor,
  where: { workspaceId: string; inboxId: string; conversationId: string },
  seq: number,
): Promise<{ conversationId: string; contactLastReadSeq: number; events: StoredEvent[] }> {
  const scope = and(
    eq(conversations.workspaceId, where.workspaceId),
    eq(conversations.inboxId, where.inboxId),
    eq(conversations.id, where.conversationId),
  );
  const [moved] = await tx
    .update(conversations)
    .set({ contactLastReadSeq: sql`least(${conversations.lastSeq}, ${seq})` })
    .where(and(scope, sql`${conversations.contactLastReadSeq} < least(${conversations.lastSeq}, ${seq})`))
    .returning({ id: conversations.id, contactLastReadSeq: conversations.contactLastReadSeq });
  if (!moved) {
    const [current] = await tx
      .select({ id: conversations.id, contactLastReadSeq: conversations.contactLastReadSeq })
      .from(conversations)
      .where(scope);
    if (!current) throw new NotFoundError("Conversation not found");
    return { conversationId: current.id, contactLastReadSeq: current.contactLastReadSeq, events: [] };
  }
  const event = await recordEvent(tx, {
    workspaceId: where.workspaceId,
    type: "conversation.read",
    conversationId: moved.id,
    payload: { conversationId: moved.id, contactLastReadSeq: moved.contactLastReadSeq, readBy: "contact" },
  });
  return { conversationId: moved.id, contactLastReadSeq: moved.contactLastReadSeq, events: [event] };
}
