import { and, eq, sql } from "drizzle-orm";
import type { Transaction } from "@/db";
import {
  conversations,
  messages,
  type DeliveryStatus,
  type MessageDirection,
  type MessageSenderType,
} from "@/db/schema";
import { NotFoundError } from "@/server/errors";
import { requireConversation } from "../conversation/require-conversation";
import { listSummaryOf, previewOf, type ConversationRow } from "../conversation/views";
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
 * SLA clocks follow the conversation: a customer message starts the wait for a reply (if one is
 * not already running); an agent's reply stops it, records whether the first response met its
 * target, and leaves only the resolution clock running. (Set expressions read the row as it was.)
 */
function slaBookkeeping(input: AppendMessage, now: Date) {
  const at = sql`${now.toISOString()}::timestamptz`;
  if (input.direction === "inbound") {
    return { awaitingReplySince: sql`coalesce(${conversations.awaitingReplySince}, ${at})` };
  }
  if (input.direction === "outbound" && input.senderType === "agent") {
    return {
      firstResponseAt: sql`coalesce(${conversations.firstResponseAt}, ${at})`,
      slaFirstResponseMet: sql`case when ${conversations.firstResponseAt} is null and ${conversations.firstResponseDueAt} is not null
        then ${at} <= ${conversations.firstResponseDueAt} else ${conversations.slaFirstResponseMet} end`,
      awaitingReplySince: null,
      firstResponseDueAt: null,
      nextResponseDueAt: null,
      slaDueAt: sql`${conversations.resolutionDueAt}`,
      slaWarnedAt: null,
    };
  }
  return {};
}

/**
 * The one way a message enters a conversation. Bumping the conversation's `last_seq` in one
 * UPDATE both locks the row (serialising writers: gap-free per-conversation seq numbers) and
 * hands out the seq; the sender's unique client-message-id index settles races across
 * conversations and processes. `keyChecked` skips the key lookup when the caller made it
 * already under a lock of the same sender. A visitor's message into their open conversation
 * takes a one-statement path with the same effects (widget/append-to-open-conversation.ts):
 * a change to what appending does belongs in both.
 */
export async function appendMessage(
  tx: Transaction,
  input: AppendMessage,
  options: { keyChecked?: boolean } = {},
): Promise<AppendedMessage> {
  const sender = senderOf(input);
  const key =
    input.clientMessageId && sender
      ? { workspaceId: input.workspaceId, sender, clientMessageId: input.clientMessageId }
      : null;
  if (key && !options.keyChecked) {
    const existing = await findSentMessage(tx, key);
    if (existing) {
      const conversation = await requireConversation(tx, input.workspaceId, existing.conversationId);
      return { message: existing, conversation, created: false, events: [] };
    }
  }

  const now = input.sentAt ?? new Date();
  const isNote = input.direction === "note";
  // An agent writing in a conversation has evidently read it.
  const readByAgent = input.senderType === "agent";
  const nextSeq = sql`${conversations.lastSeq} + 1`;
  const [updated] = await tx
    .update(conversations)
    .set({
      lastSeq: nextSeq,
      lastActivityAt: now,
      ...(isNote ? {} : { lastMessagePreview: previewOf(input.body), lastMessageDirection: input.direction }),
      unreadCount: readByAgent
        ? 0
        : input.direction === "inbound"
          ? sql`${conversations.unreadCount} + 1`
          : conversations.unreadCount,
      ...(readByAgent ? { agentLastReadSeq: nextSeq } : {}),
      ...slaBookkeeping(input, now),
    })
    .where(and(eq(conversations.workspaceId, input.workspaceId), eq(conversations.id, input.conversationId)))
    .returning();
  if (!updated) throw new NotFoundError("Conversation not found");

  const [message] = await tx
    .insert(messages)
    .values({
      workspaceId: input.workspaceId,
      conversationId: updated.id,
      seq: updated.lastSeq,
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

  const event = await recordEvent(tx, {
    workspaceId: input.workspaceId,
    type: "message.created",
    conversationId: updated.id,
    payload: {
      message: toMessageView(message),
      // What an inbox list row shows of it, so open lists update in place (components/inbox/list-patch.ts).
      conversation: listSummaryOf(updated),
    },
  });
  return { message, conversation: updated, created: true, events: [event] };
}
