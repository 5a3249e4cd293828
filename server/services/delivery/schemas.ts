import { z } from "zod";
import { EntityId } from "../message/schemas";

export const ListFailedDeliveriesInput = z.strictObject({
  limit: z.number().int().min(1).max(200).default(100),
});
export type ListFailedDeliveriesInput = z.infer<typeof ListFailedDeliveriesInput>;

export const ReplayDeliveryInput = z.strictObject({ deliveryId: EntityId });
export type ReplayDeliveryInput = z.infer<typeof ReplayDeliveryInput>;
