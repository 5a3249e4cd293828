import { and, desc, eq, inArray } from "drizzle-orm";
import type { Executor } from "@/db";
import { deliveries, inboxes, messages, type DeliveryState } from "@/db/schema";
import { previewOf } from "../conversation/views";
import type { ListFailedDeliveriesInput } from "./schemas";

export type FailedDeliveryView = {
  id: string;
  state: DeliveryState;
  attempts: number;
  lastError: string | null;
  updatedAt: string;
  inbox: { id: string; name: string };
  message: { id: string; conversationId: string; preview: string; createdAt: string };
};

/** The workspace's deliveries that need a person: permanently failed or out of retries, newest first. */
export async function listFailedDeliveries(
  db: Executor,
  workspaceId: string,
  input: ListFailedDeliveriesInput,
): Promise<FailedDeliveryView[]> {
  const rows = await db
    .select({ delivery: deliveries, message: messages, inboxName: inboxes.name })
    .from(deliveries)
    .innerJoin(messages, eq(messages.id, deliveries.messageId))
    .innerJoin(inboxes, eq(inboxes.id, deliveries.inboxId))
    .where(and(eq(deliveries.workspaceId, workspaceId), inArray(deliveries.state, ["failed", "dead"])))
    .orderBy(desc(deliveries.updatedAt), desc(deliveries.id))
    .limit(input.limit);
  return rows.map(({ delivery, message, inboxName }) => ({
    id: delivery.id,
    state: delivery.state,
    attempts: delivery.attempts,
    lastError: delivery.lastError,
    updatedAt: delivery.updatedAt.toISOString(),
    inbox: { id: delivery.inboxId, name: inboxName },
    message: {
      id: message.id,
      conversationId: message.conversationId,
      preview: previewOf(message.body),
      createdAt: message.createdAt.toISOString(),
    },
  }));
}
