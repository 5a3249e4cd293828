import type { Transaction } from "@/db";
import { deliveries } from "@/db/schema";
import { enqueueDeliverMessage } from "@/server/jobs/queue";

/**
 * Starts an outbound message's trip to its channel: the delivery row and its job are written
 * in the caller's transaction, so a message is never stored without its delivery or the other way round.
 */
export async function createDelivery(
  tx: Transaction,
  input: { workspaceId: string; inboxId: string; messageId: string },
): Promise<string> {
  const [delivery] = await tx.insert(deliveries).values(input).returning({ id: deliveries.id });
  if (!delivery) throw new Error("insert returned no delivery");
  await enqueueDeliverMessage(tx, { workspaceId: input.workspaceId, deliveryId: delivery.id });
  return delivery.id;
}
