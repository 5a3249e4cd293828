import { and, eq } from "drizzle-orm";
import { runTransaction } from "@/db/run-transaction";
import { deliveries, messages } from "@/db/schema";
import type { AgentActor } from "@/server/actor";
import { ConflictError, NotFoundError } from "@/server/errors";
import { enqueueDeliverMessage } from "@/server/jobs/queue";
import { recordAudit } from "../audit/record-audit";
import type { ServiceContext } from "../context";
import { toDeliveryUpdate } from "../message/views";
import { recordEvent } from "../outbox/record-event";
import type { ReplayDeliveryInput } from "./schemas";

/**
 * An admin sends a failed or dead delivery again. It keeps its id, which the receiver sees as
 * `webhook-id`, so a receiver that did get an earlier attempt keeps one copy. Replaying twice
 * at once enqueues once: the second finds the delivery queued already.
 */
export async function replayDelivery(
  ctx: ServiceContext,
  actor: AgentActor,
  input: ReplayDeliveryInput,
): Promise<{ deliveryId: string }> {
  const events = await runTransaction(
    ctx.db,
    async (tx) => {
      const [delivery] = await tx
        .select()
        .from(deliveries)
        .where(and(eq(deliveries.workspaceId, actor.workspaceId), eq(deliveries.id, input.deliveryId)))
        .for("update");
      if (!delivery) throw new NotFoundError("Delivery not found");
      if (delivery.state !== "failed" && delivery.state !== "dead") {
        throw new ConflictError("Only a failed or dead delivery can be replayed");
      }
      await tx.update(deliveries).set({ state: "queued" }).where(eq(deliveries.id, delivery.id));
      const [message] = await tx
        .update(messages)
        .set({ deliveryStatus: "queued", deliveryError: null, updatedAt: new Date() })
        .where(and(eq(messages.workspaceId, actor.workspaceId), eq(messages.id, delivery.messageId)))
        .returning();
      await enqueueDeliverMessage(tx, { workspaceId: actor.workspaceId, deliveryId: delivery.id });
      await recordAudit(tx, {
        workspaceId: actor.workspaceId,
        actorUserId: actor.userId,
        action: "delivery.replayed",
        targetType: "delivery",
        targetId: delivery.id,
        details: { messageId: delivery.messageId, previousState: delivery.state, lastError: delivery.lastError },
      });
      if (!message) return [];
      return [
        await recordEvent(tx, {
          workspaceId: actor.workspaceId,
          type: "message.updated",
          conversationId: message.conversationId,
          payload: { message: toDeliveryUpdate(message) },
        }),
      ];
    },
    { onRetry: ctx.onTransientRetry },
  );
  await ctx.dispatcher.dispatch(events);
  return { deliveryId: input.deliveryId };
}
