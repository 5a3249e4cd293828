import { eq, sql } from "drizzle-orm";
import type { Transaction } from "@/db";
import {
  conversations,
  messages,
  type DeliveryStatus,
  type MessageDirection,
  type MessageSenderType,
} from "@/db/schema";
import { requireConversation } from "../conversation/require-conversation";
import { previewOf, type ConversationRow } from "../conversation/views";
import { recordEvent, type StoredEvent } from "../outbox/record-event";
import { findSentMessage, MessageAlreadyStored, senderOf } from "./find-sent-message";
import { toMessageView, type MessageRow } from "./views";

export type AppendMessage = {
  workspaceId: string;
  conversationId: string;
  direction: MessageDirection;
  senderType: MessageSenderType;
  senderUserId?: string | null;
  senderContactId?: string | null;
  body: string;
  clientMessageId?: string | null;
  deliveryStatus: DeliveryStatus;
  /** When the message was really sent, for imports and channels that report their own time. */
  sentAt?: Date;
};

export type AppendedMessage = {
  message: MessageRow;
  conversation: ConversationRow;
  /** False when the client message id was seen before and the stored message is returned. */
  created: boolean;
  events: StoredEvent[];
};

/**
 * The one way a message enters a conversation. Locking the conversation row serialises
 * writers, which gives gap-free per-conversation seq numbers; the sender's unique
 * client-message-id index settles races across conversations and processes.
 */
export async function appendMessage(tx: Transaction, input: AppendMessage): Promise<AppendedMessage> {
  const conversation = await requireConversation(tx, input.workspaceId, input.conversationId, { forUpdate: true });

  const sender = senderOf(input);
  const key =
    input.clientMessageId && sender
      ? { workspaceId: input.workspaceId, sender, clientMessageId: input.clientMessageId }
      : null;
  if (key) {
    const existing = await findSentMessage(tx, key);
    if (existing) return { message: existing, conversation, created: false, events: [] };
  }

  const seq = conversation.lastSeq + 1;
  const now = input.sentAt ?? new Date();
  const [message] = await tx
    .insert(messages)
    .values({
      workspaceId: input.workspaceId,
      conversationId: conversation.id,
      seq,
      direction: input.direction,
      senderType: input.senderType,
      senderUserId: input.senderUserId ?? null,
      senderContactId: input.senderContactId ?? null,
      body: input.body,
      clientMessageId: input.clientMessageId ?? null,
      deliveryStatus: input.deliveryStatus,
      createdAt: now,
      updatedAt: now,
    })
    // Another process stored the same key after our lookup: it won, we roll back and answer with its row.
    .onConflictDoNothing()
    .returning();
  if (!message) {
    const winner = key ? await findSentMessage(tx, key) : null;
    if (winner) throw new MessageAlreadyStored(winner);
    throw new Error("insert returned no message");
  }

  const isNote = input.direction === "note";
  // An agent writing in a conversation has evidently read it.
  const readByAgent = input.senderType === "agent";
  const [updated] = await tx
    .update(conversations)
    .set({
      lastSeq: seq,
      lastActivityAt: now,
      ...(isNote ? {} : { lastMessagePreview: previewOf(input.body), lastMessageDirection: input.direction }),
      unreadCount: readByAgent
        ? 0
        : input.direction === "inbound"
          ? sql`${conversations.unreadCount} + 1`
          : conversations.unreadCount,
      ...(readByAgent ? { agentLastReadSeq: seq } : {}),
    })
    .where(eq(conversations.id, conversation.id))
    .returning();
  if (!updated) throw new Error("conversation vanished during append");

  const event = await recordEvent(tx, {
    workspaceId: input.workspaceId,
    type: "message.created",
    conversationId: conversation.id,
    payload: {
      message: toMessageView(message),
      conversation: {
        id: updated.id,
        lastSeq: updated.lastSeq,
        unreadCount: updated.unreadCount,
        lastActivityAt: updated.lastActivityAt.toISOString(),
        lastMessagePreview: updated.lastMessagePreview,
      },
    },
  });
  return { message, conversation: updated, created: true, events: [event] };
}
