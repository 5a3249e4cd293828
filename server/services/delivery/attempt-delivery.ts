import { and, eq, inArray } from "drizzle-orm";
import { runTransaction } from "@/db/run-transaction";
import { contactIdentities, conversations, deliveries, inboxes, messages, users } from "@/db/schema";
import type { ChannelInbox, OutboundMessage } from "@/server/channels/contract";
import type { OutboundChannels } from "@/server/channels/outbound";
import type { ServiceContext } from "../context";
import { settleDelivery } from "./settle-delivery";

/** Thrown to the job queue so it tries again later, with backoff. */
export class RetryableDeliveryError extends Error {}

type Claimed = { inbox: ChannelInbox; message: OutboundMessage };

/** Marks the attempt (`sending`, one more attempt) and loads what the channel needs, all in the workspace. */
async function claim(ctx: ServiceContext, workspaceId: string, deliveryId: string): Promise<Claimed | null> {
  return runTransaction(ctx.db, async (tx) => {
    const [delivery] = await tx
      .select()
      .from(deliveries)
      .where(and(eq(deliveries.workspaceId, workspaceId), eq(deliveries.id, deliveryId)))
      .for("update");
    // Settled by an earlier run of this job (its completion was lost), or replayed into a new job.
    if (!delivery || (delivery.state !== "queued" && delivery.state !== "sending")) return null;
    await tx
      .update(deliveries)
      .set({ state: "sending", attempts: delivery.attempts + 1 })
      .where(eq(deliveries.id, delivery.id));

    const [row] = await tx
      .select({ message: messages, inbox: inboxes, contactId: conversations.contactId, agentName: users.name })
      .from(messages)
      .innerJoin(conversations, eq(conversations.id, messages.conversationId))
      .innerJoin(inboxes, eq(inboxes.id, delivery.inboxId))
      .leftJoin(users, eq(users.id, messages.senderUserId))
      .where(and(eq(messages.workspaceId, workspaceId), eq(messages.id, delivery.messageId)));
    if (!row) return null;
    const identities = await tx
      .select({ kind: contactIdentities.kind, value: contactIdentities.value, verified: contactIdentities.verified })
      .from(contactIdentities)
      .where(
        and(eq(contactIdentities.workspaceId, workspaceId), inArray(contactIdentities.contactId, [row.contactId])),
      );
    const { message, inbox } = row;
    return {
      inbox,
      message: {
        deliveryId: delivery.id,
        messageId: message.id,
        conversationId: message.conversationId,
        seq: message.seq,
        body: message.body,
        createdAt: message.createdAt,
        recipient: identities,
        agent: message.senderUserId ? { id: message.senderUserId, name: row.agentName ?? "" } : null,
      },
    };
  });
}

/**
 * One attempt at a delivery, run by the job queue. Success sends the message; a permanent
 * refusal fails it at once with the channel's reason; a retryable failure is thrown back to
 * the queue, except on the last attempt, where the delivery is `dead`.
 */
export async function attemptDelivery(
  ctx: ServiceContext,
  channels: OutboundChannels,
  job: { workspaceId: string; deliveryId: string },
  attempt: { finalAttempt: boolean },
): Promise<void> {
  const claimed = await claim(ctx, job.workspaceId, job.deliveryId);
  if (!claimed) return;
  const channel = channels[claimed.inbox.channelType];
  if (!channel) {
    await settleDelivery(ctx, job, {
      state: "failed",
      reason: `Messages cannot be sent on ${claimed.inbox.channelType} inboxes yet`,
    });
    return;
  }
  let providerMessageId: string | null;
  try {
    ({ providerMessageId } = await channel.send(claimed.inbox, claimed.message));
  } catch (error) {
    const { retryable, reason } = channel.classifySendError(error);
    if (!retryable) await settleDelivery(ctx, job, { state: "failed", reason });
    else if (attempt.finalAttempt) await settleDelivery(ctx, job, { state: "dead", reason });
    else {
      await settleDelivery(ctx, job, { state: "queued", reason });
      throw new RetryableDeliveryError(reason);
    }
    return;
  }
  await settleDelivery(ctx, job, { state: "sent", providerMessageId });
}
