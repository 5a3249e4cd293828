import { and, eq, sql } from "drizzle-orm";
import { conversations } from "@/db/schema";
import type { AgentActor } from "@/server/actor";
import { NotFoundError } from "@/server/errors";
import type { ServiceContext } from "../context";
import { recordEvent } from "../outbox/record-event";

/** Agents have read everything up to now; clears the unread badge for every agent. */
export async function markConversationRead(
  ctx: ServiceContext,
  actor: AgentActor,
  conversationId: string,
): Promise<{ agentLastReadSeq: number }> {
  const result = await ctx.db.transaction(async (tx) => {
    const [row] = await tx
      .update(conversations)
      .set({ agentLastReadSeq: sql`${conversations.lastSeq}`, unreadCount: 0 })
      .where(and(eq(conversations.workspaceId, actor.workspaceId), eq(conversations.id, conversationId)))
      .returning({ id: conversations.id, agentLastReadSeq: conversations.agentLastReadSeq });
    if (!row) throw new NotFoundError("Conversation not found");
    const event = await recordEvent(tx, {
      workspaceId: actor.workspaceId,
      type: "conversation.read",
      conversationId,
      payload: { conversationId, agentLastReadSeq: row.agentLastReadSeq, readBy: actor.userId },
    });
    return { row, event };
  });
  await ctx.dispatcher.dispatch([result.event]);
  return { agentLastReadSeq: result.row.agentLastReadSeq };
}
