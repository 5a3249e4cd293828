import { index, integer, pgEnum, pgTable, text, uniqueIndex } from "drizzle-orm/pg-core";
import { at, primaryId, timestamps, workspaceId } from "./columns";
import { messages } from "./conversations";
import { inboxes } from "./inboxes";

/**
 * An inbound provider event already taken in: the same event delivered twice (a webhook
 * retried by its provider, a client's repeated request) stores one message.
 */
export const inboundEvents = pgTable(
  "inbound_events",
  {
    id: primaryId("inboundEvent"),
    workspaceId: workspaceId(),
    inboxId: text("inbox_id")
      .notNull()
      .references(() => inboxes.id, { onDelete: "cascade" }),
    providerEventId: text("provider_event_id").notNull(),
    messageId: text("message_id").references(() => messages.id, { onDelete: "set null" }),
    createdAt: at("created_at").notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex("inbound_events_inbox_provider_event_unique").on(t.inboxId, t.providerEventId),
    index("inbound_events_workspace_created_idx").on(t.workspaceId, t.createdAt),
  ],
);

/** `dead` = retries exhausted; an admin may replay it. */
export const deliveryState = pgEnum("delivery_state", ["queued", "sending", "sent", "failed", "dead"]);
export type DeliveryState = (typeof deliveryState.enumValues)[number];

/**
 * One outbound message's trip to its channel (a callback URL, later a provider API). The job
 * queue carries the work; this row is what agents and admins see, and its id is the
 * idempotency key the provider receives, so a retried send is never delivered twice.
 */
export const deliveries = pgTable(
  "deliveries",
  {
    id: primaryId("delivery"),
    workspaceId: workspaceId(),
    inboxId: text("inbox_id")
      .notNull()
      .references(() => inboxes.id, { onDelete: "cascade" }),
    messageId: text("message_id")
      .notNull()
      .references(() => messages.id, { onDelete: "cascade" }),
    state: deliveryState("state").notNull().default("queued"),
    attempts: integer("attempts").notNull().default(0),
    lastError: text("last_error"),
    providerMessageId: text("provider_message_id"),
    sentAt: at("sent_at"),
    ...timestamps,
  },
  (t) => [
    uniqueIndex("deliveries_message_unique").on(t.messageId),
    index("deliveries_workspace_state_idx").on(t.workspaceId, t.state, t.updatedAt),
  ],
);
