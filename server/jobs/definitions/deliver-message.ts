import { z } from "zod";

/** Sends one outbound message (a `deliveries` row) to its channel. */
export const DELIVER_MESSAGE = "deliver-message";
/** Where pg-boss puts a delivery whose retries ran out, whether it failed or never finished. */
export const DELIVER_MESSAGE_DEAD = "deliver-message-dead";

export const DeliverMessageJob = z.strictObject({
  workspaceId: z.string().min(1).max(64),
  deliveryId: z.string().min(1).max(64),
});
export type DeliverMessageJob = z.infer<typeof DeliverMessageJob>;

export type DeliveryRetryPolicy = {
  /** Attempts after the first. */
  retryLimit: number;
  /** Base of the exponential backoff; pg-boss adds up to as much again at random (jitter). */
  retryDelaySeconds: number;
  /** A job still active after this long (its worker died) is failed and retried. */
  expireInSeconds: number;
};

/** About 5 s, 10 s, 20 s… doubling to roughly 40 minutes for the last of nine attempts. */
export const DEFAULT_DELIVERY_RETRIES: DeliveryRetryPolicy = {
  retryLimit: 8,
  retryDelaySeconds: 5,
  expireInSeconds: 60,
};
