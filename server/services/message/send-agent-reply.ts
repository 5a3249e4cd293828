import { eq } from "drizzle-orm";
import { conversations } from "@/db/schema";
import type { AgentActor } from "@/server/actor";
import type { ServiceContext } from "../context";
import { appendMessage } from "./append-message";
import type { SendAgentReplyInput } from "./schemas";
import { toMessageView, type MessageView } from "./views";

/**
 * An agent answers (or leaves a private note). Replying also marks the conversation read
 * for agents, since the agent has evidently seen it.
 */
export async function sendAgentReply(
  ctx: ServiceContext,
  actor: AgentActor,
  input: SendAgentReplyInput,
): Promise<{ message: MessageView; created: boolean }> {
  const result = await ctx.db.transaction(async (tx) => {
    const appended = await appendMessage(tx, {
      workspaceId: actor.workspaceId,
      conversationId: input.conversationId,
      direction: input.private ? "note" : "outbound",
      senderType: "agent",
      senderUserId: actor.userId,
      body: input.body,
      clientMessageId: input.clientMessageId,
      deliveryStatus: "sent",
    });
    if (appended.created) {
      await tx
        .update(conversations)
        .set({ agentLastReadSeq: appended.message.seq, unreadCount: 0 })
        .where(eq(conversations.id, appended.conversation.id));
    }
    return appended;
  });
  await ctx.dispatcher.dispatch(result.events);
  return { message: toMessageView(result.message), created: result.created };
}
