import { and, eq } from "drizzle-orm";
import { conversations, type ConversationPriority } from "@/db/schema";
import type { AgentActor } from "@/server/actor";
import { NotFoundError } from "@/server/errors";
import type { ServiceContext } from "../context";
import { recordEvent } from "../outbox/record-event";
import type { ChangeConversationPriorityInput } from "./schemas";

export async function changeConversationPriority(
  ctx: ServiceContext,
  actor: AgentActor,
  input: ChangeConversationPriorityInput,
): Promise<{ priority: ConversationPriority }> {
  const event = await ctx.db.transaction(async (tx) => {
    const [row] = await tx
      .update(conversations)
      .set({ priority: input.priority })
      .where(and(eq(conversations.workspaceId, actor.workspaceId), eq(conversations.id, input.conversationId)))
      .returning({ id: conversations.id });
    if (!row) throw new NotFoundError("Conversation not found");
    return recordEvent(tx, {
      workspaceId: actor.workspaceId,
      type: "conversation.updated",
      conversationId: row.id,
      payload: { conversationId: row.id, priority: input.priority, changedBy: actor.userId },
    });
  });
  await ctx.dispatcher.dispatch([event]);
  return { priority: input.priority };
}
