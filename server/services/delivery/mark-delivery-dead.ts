import { and, eq } from "drizzle-orm";
import { deliveries } from "@/db/schema";
import type { ServiceContext } from "../context";
import { settleDelivery } from "./settle-delivery";

/**
 * A delivery whose retries ran out without an answer (its last attempt failed, or its worker
 * died mid-attempt and the job expired): it becomes `dead`, for an admin to replay.
 */
export async function markDeliveryDead(
  ctx: ServiceContext,
  target: { workspaceId: string; deliveryId: string },
): Promise<void> {
  const [delivery] = await ctx.db
    .select({ lastError: deliveries.lastError })
    .from(deliveries)
    .where(and(eq(deliveries.workspaceId, target.workspaceId), eq(deliveries.id, target.deliveryId)));
  if (!delivery) return;
  const reason = delivery.lastError ?? "The delivery did not finish before its retries ran out";
  await settleDelivery(ctx, target, { state: "dead", reason });
}
