import { events } from "@/db/schema";
import type { Executor } from "@/db";

export type DomainEventType =
  | "conversation.created"
  | "conversation.updated"
  | "conversation.read"
  | "conversation.sla_warning"
  | "conversation.sla_breached"
  | "message.created"
  | "message.updated"
  | "contact.merged"
  | "contact.unmerged"
  | "contact.duplicate_dismissed";

export type StoredEvent = typeof events.$inferSelect & { type: DomainEventType };

export type NewDomainEvent = {
  workspaceId: string;
  type: DomainEventType;
  conversationId: string | null;
  payload: Record<string, unknown>;
};

/** Writes an event into the outbox; call it inside the transaction that made the change. */
export async function recordEvent(tx: Executor, event: NewDomainEvent): Promise<StoredEvent> {
  const [row] = await tx.insert(events).values(event).returning();
  return row as StoredEvent;
}
