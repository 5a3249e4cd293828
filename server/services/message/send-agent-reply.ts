import type { AgentActor } from "@/server/actor";
import type { ServiceContext } from "../context";
import { appendMessage } from "./append-message";
import type { SendAgentReplyInput } from "./schemas";
import { toMessageView, type MessageView } from "./views";

/**
 * An agent answers, or leaves a private note. Writing marks the conversation read for
 * agents (see appendMessage).
 */
export async function sendAgentReply(
  ctx: ServiceContext,
  actor: AgentActor,
  input: SendAgentReplyInput,
): Promise<{ message: MessageView; created: boolean }> {
  const result = await ctx.db.transaction(async (tx) => {
    return appendMessage(tx, {
      workspaceId: actor.workspaceId,
      conversationId: input.conversationId,
      direction: input.private ? "note" : "outbound",
      senderType: "agent",
      senderUserId: actor.userId,
      body: input.body,
      clientMessageId: input.clientMessageId,
      deliveryStatus: "sent",
    });
  });
  await ctx.dispatcher.dispatch(result.events);
  return { message: toMessageView(result.message), created: result.created };
}
