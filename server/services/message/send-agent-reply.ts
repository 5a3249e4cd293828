import { and, eq } from "drizzle-orm";
import type { Transaction } from "@/db";
import { runTransaction } from "@/db/run-transaction";
import { conversations, inboxes } from "@/db/schema";
import type { AgentActor } from "@/server/actor";
import type { ServiceContext } from "../context";
import { createDelivery } from "../delivery/create-delivery";
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
      async (tx) => {
        const callbackInbox = input.private ? null : await callbackInboxOf(tx, actor.workspaceId, input.conversationId);
        const appended = await appendMessage(tx, {
          workspaceId: actor.workspaceId,
          conversationId: input.conversationId,
          direction: input.private ? "note" : "outbound",
          senderType: "agent",
          senderUserId: actor.userId,
          body: input.body,
          clientMessageId: input.clientMessageId,
          deliveryStatus: callbackInbox ? "queued" : "sent",
        });
        if (callbackInbox && appended.created) {
          await createDelivery(tx, {
            workspaceId: actor.workspaceId,
            inboxId: callbackInbox,
            messageId: appended.message.id,
          });
        }
        return appended;
      },
      { idempotent: true, onRetry: ctx.onTransientRetry },
    );
  } catch (error) {
    if (!(error instanceof MessageAlreadyStored)) throw error;
    return { message: toMessageView(error.stored), created: false };
  }
  await ctx.dispatcher.dispatch(result.events);
  return { message: toMessageView(result.message), created: result.created };
}

/** The conversation's inbox when replies leave through a callback (an API inbox with a URL). */
async function callbackInboxOf(tx: Transaction, workspaceId: string, conversationId: string): Promise<string | null> {
  const [row] = await tx
    .select({ id: inboxes.id, channelType: inboxes.channelType, callbackUrl: inboxes.callbackUrl })
    .from(conversations)
    .innerJoin(inboxes, eq(inboxes.id, conversations.inboxId))
    .where(and(eq(conversations.workspaceId, workspaceId), eq(conversations.id, conversationId)));
  return row && row.channelType === "api" && row.callbackUrl ? row.id : null;
}
