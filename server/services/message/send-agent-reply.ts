import { runTransaction } from "@/db/run-transaction";
import type { AgentActor } from "@/server/actor";
import type { ServiceContext } from "../context";
import { appendMessage } from "./append-message";
import { MessageAlreadyStored } from "./find-sent-message";
import type { SendAgentReplyInput } from "./schemas";
import { toMessageView, type MessageView } from "./views";

/**
 * An agent answers, or leaves a private note. Writing marks the conversation read for
 * agents (see appendMessage). A retried client message id returns the stored message,
 * with its own conversation id, wherever it was first stored.
 */
export async function sendAgentReply(
  ctx: ServiceContext,
  actor: AgentActor,
  input: SendAgentReplyInput,
): Promise<{ message: MessageView; created: boolean }> {
  let result: Awaited<ReturnType<typeof appendMessage>>;
  try {
    result = await runTransaction(
      ctx.db,
      (tx) =>
        appendMessage(tx, {
          workspaceId: actor.workspaceId,
          conversationId: input.conversationId,
          direction: input.private ? "note" : "outbound",
          senderType: "agent",
          senderUserId: actor.userId,
          body: input.body,
          clientMessageId: input.clientMessageId,
          deliveryStatus: "sent",
        }),
      { idempotent: true, onRetry: ctx.onTransientRetry },
    );
  } catch (error) {
    if (!(error instanceof MessageAlreadyStored)) throw error;
    return { message: toMessageView(error.stored), created: false };
  }
  await ctx.dispatcher.dispatch(result.events);
  return { message: toMessageView(result.message), created: result.created };
}
