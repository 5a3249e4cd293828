import { and, eq } from "drizzle-orm";
import type { Transaction } from "@/db";
import { conversations, type ConversationPriority, type ConversationStatus } from "@/db/schema";
import type { AgentActor } from "@/server/actor";
import { NotFoundError } from "@/server/errors";
import { recordEvent, type StoredEvent } from "../outbox/record-event";

export type TriageChange = Partial<{
  status: ConversationStatus;
  priority: ConversationPriority;
  assigneeId: string | null;
}>;

/**
 * Writes an agent's triage change to a conversation of their workspace and records the
 * `conversation.updated` event in the same transaction.
 */
export async function updateTriageFields(
  tx: Transaction,
  actor: AgentActor,
  conversationId: string,
  change: TriageChange,
): Promise<StoredEvent> {
  const resolvedAt =
    change.status === undefined ? {} : { resolvedAt: change.status === "resolved" ? new Date() : null };
  const [row] = await tx
    .update(conversations)
    .set({ ...change, ...resolvedAt })
    .where(and(eq(conversations.workspaceId, actor.workspaceId), eq(conversations.id, conversationId)))
    .returning({ id: conversations.id });
  if (!row) throw new NotFoundError("Conversation not found");
  return recordEvent(tx, {
    workspaceId: actor.workspaceId,
    type: "conversation.updated",
    conversationId,
    payload: { conversationId, ...change, changedBy: actor.userId },
  });
}
