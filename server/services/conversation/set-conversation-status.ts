import { and, eq } from "drizzle-orm";
import { conversations, type ConversationStatus } from "@/db/schema";
import type { AgentActor } from "@/server/actor";
import { NotFoundError } from "@/server/errors";
import type { ServiceContext } from "../context";
import { recordEvent } from "../outbox/record-event";

async function changeStatus(
  ctx: ServiceContext,
  actor: AgentActor,
  conversationId: string,
  status: ConversationStatus,
): Promise<{ status: ConversationStatus }> {
  const event = await ctx.db.transaction(async (tx) => {
    const [row] = await tx
      .update(conversations)
      .set({ status, resolvedAt: status === "resolved" ? new Date() : null })
      .where(and(eq(conversations.workspaceId, actor.workspaceId), eq(conversations.id, conversationId)))
      .returning({ id: conversations.id, status: conversations.status });
    if (!row) throw new NotFoundError("Conversation not found");
    return recordEvent(tx, {
      workspaceId: actor.workspaceId,
      type: "conversation.updated",
      conversationId,
      payload: { conversationId, status: row.status, changedBy: actor.userId },
    });
  });
  await ctx.dispatcher.dispatch([event]);
  return { status };
}

export const resolveConversation = (ctx: ServiceContext, actor: AgentActor, conversationId: string) =>
  changeStatus(ctx, actor, conversationId, "resolved");

export const reopenConversation = (ctx: ServiceContext, actor: AgentActor, conversationId: string) =>
  changeStatus(ctx, actor, conversationId, "open");
