import { and, eq } from "drizzle-orm";
import type { Executor } from "@/db";
import { messages } from "@/db/schema";
import type { MessageRow } from "./views";

/** Who chose a client message id: the key is theirs within the workspace, not the conversation's. */
export type MessageSender = { kind: "contact"; contactId: string } | { kind: "agent"; userId: string };

export type SentMessageKey = { workspaceId: string; sender: MessageSender; clientMessageId: string };

export function senderOf(input: {
  senderUserId?: string | null;
  senderContactId?: string | null;
}): MessageSender | null {
  if (input.senderUserId) return { kind: "agent", userId: input.senderUserId };
  if (input.senderContactId) return { kind: "contact", contactId: input.senderContactId };
  return null;
}

/** The message a sender already stored under this client message id, in any conversation. */
export async function findSentMessage(db: Executor, key: SentMessageKey): Promise<MessageRow | null> {
  const [row] = await db
    .select()
    .from(messages)
    .where(
      and(
        eq(messages.workspaceId, key.workspaceId),
        eq(messages.clientMessageId, key.clientMessageId),
        key.sender.kind === "agent"
          ? eq(messages.senderUserId, key.sender.userId)
          : eq(messages.senderContactId, key.sender.contactId),
      ),
    )
    .limit(1);
  return row ?? null;
}

/**
 * Thrown inside a transaction that lost the race for a client message id to another
 * process: rolling back drops anything it created, and the sender answers with `stored`.
 */
export class MessageAlreadyStored extends Error {
  constructor(readonly stored: MessageRow) {
    super("message already stored under this client message id");
  }
}
