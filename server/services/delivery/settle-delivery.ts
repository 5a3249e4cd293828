import { and, eq, inArray, sql } from "drizzle-orm";
import { runTransaction } from "@/db/run-transaction";
import { deliveries, messages, type DeliveryState } from "@/db/schema";
import type { ServiceContext } from "../context";
import { toDeliveryUpdate } from "../message/views";
import { recordEvent, type StoredEvent } from "../outbox/record-event";

export type DeliveryOutcome =
  | { state: "sent"; providerMessageId: string | null }
  | { state: "failed" | "dead"; reason: string }
  /** A retryable failure: the job is attempted again later. */
  | { state: "queued"; reason: string };

/**
 * Writes how an attempt ended on the delivery and, when it is final, on its message, with a
 * `message.updated` event in the same transaction so the agent's thread changes live. A
 * delivery already settled (`sent`, or failed by another attempt) is left as it is.
 */
export async function settleDelivery(
  ctx: ServiceContext,
  target: { workspaceId: string; deliveryId: string },
  outcome: DeliveryOutcome,
  options: { onlyFrom?: DeliveryState[] } = {},
): Promise<boolean> {
  const from = options.onlyFrom ?? ["queued", "sending"];
  const events = await runTransaction(
    ctx.db,
    async (tx): Promise<StoredEvent[] | null> => {
      const now = new Date();
      const [delivery] = await tx
        .update(deliveries)
        .set(
          outcome.state === "sent"
            ? { state: "sent", sentAt: now, providerMessageId: outcome.providerMessageId, lastError: null }
            : { state: outcome.state, lastError: outcome.reason },
        )
        .where(
          and(
            eq(deliveries.workspaceId, target.workspaceId),
            eq(deliveries.id, target.deliveryId),
            inArray(deliveries.state, from),
          ),
        )
        .returning();
      if (!delivery) return null;
      if (outcome.state === "queued") return [];

      const failed = outcome.state !== "sent";
      const [message] = await tx
        .update(messages)
        .set({
          deliveryStatus: failed ? "failed" : "sent",
          deliveryError: failed ? outcome.reason : null,
          updatedAt: now,
        })
        .where(
          and(
            eq(messages.workspaceId, target.workspaceId),
            eq(messages.id, delivery.messageId),
            // A receipt may have moved it on already (delivered, read): never step back.
            inArray(messages.deliveryStatus, ["queued", "sent", "failed"]),
            failed ? sql`true` : sql`${messages.deliveryStatus} <> 'sent'`,
          ),
        )
        .returning();
      if (!message) return [];
      const event = await recordEvent(tx, {
        workspaceId: target.workspaceId,
        type: "message.updated",
        conversationId: message.conversationId,
        payload: { message: toDeliveryUpdate(message) },
      });
      return [event];
    },
    { idempotent: true, onRetry: ctx.onTransientRetry },
  );
  if (events === null) return false;
  if (events.length > 0) await ctx.dispatcher.dispatch(events);
  return true;
}
