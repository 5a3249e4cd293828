import { rawQuery } from "@/db/raw-query";
import { runStatement } from "@/db/run-transaction";
import { newId } from "@/server/ids";
import { previewOf, type ConversationListSummary } from "../conversation/views";
import type { ServiceContext } from "../context";
import { findSentMessage } from "../message/find-sent-message";
import type { MessageRow, MessageView } from "../message/views";
import type { StoredEvent } from "../outbox/record-event";
import type { SendWidgetMessageInput } from "./schemas";
import type { Visitor } from "./resolve-visitor";

/**
 * The whole common send in one statement, so one round trip and one commit: mark the contact
 * seen (its row lock serialises the visitor's sends), bump the open conversation's `last_seq`
 * (its row lock hands out gap-free seqs), insert the message with that seq and its outbox event.
 * It writes all of it or nothing. The sender's unique client-message-id index makes a repeated
 * key fail the statement, and the stored message answers it. No open conversation (or contact):
 * no row, nothing written, and the caller takes the general path that may start one.
 */
/** A timestamp as JavaScript's toISOString writes it (what list rows carry), or null. */
const isoOf = (column: string) => `to_char(${column} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;

const APPEND_SQL = `
with seen as (
  update contacts set last_seen_at = $1::timestamptz, updated_at = $1::timestamptz
  where id = $2 and workspace_id = $3
  returning id
), target as (
  select c.id from conversations c join seen on c.contact_id = seen.id
  where c.workspace_id = $3 and c.inbox_id = $4 and c.status <> 'resolved'
  order by c.created_at desc
  limit 1
), bumped as (
  update conversations c
  set last_seq = c.last_seq + 1, last_activity_at = $1::timestamptz, last_message_preview = $5,
      last_message_direction = 'inbound', unread_count = c.unread_count + 1, updated_at = $1::timestamptz,
      awaiting_reply_since = coalesce(c.awaiting_reply_since, $1::timestamptz)
  from target where c.id = target.id and c.workspace_id = $3
  returning c.id, c.last_seq, c.unread_count, c.status, c.sla_due_at, c.sla_breached_at
), stored as (
  insert into messages (id, workspace_id, conversation_id, seq, direction, sender_type, sender_contact_id,
                        body, client_message_id, delivery_status, created_at, updated_at)
  select $6, $3, bumped.id, bumped.last_seq, 'inbound'::message_direction, 'contact'::message_sender_type, $2,
         $7, $8, 'delivered'::delivery_status, $1::timestamptz, $1::timestamptz
  from bumped
  returning id
), recorded as (
  insert into events (workspace_id, type, conversation_id, payload)
  select $3, 'message.created', bumped.id, jsonb_build_object(
    'message', $9::jsonb || jsonb_build_object('conversationId', bumped.id, 'seq', bumped.last_seq),
    'conversation', $10::jsonb || jsonb_build_object('id', bumped.id, 'lastSeq', bumped.last_seq,
                                                     'unreadCount', bumped.unread_count,
                                                     'status', bumped.status,
                                                     'slaDueAt', ${isoOf("bumped.sla_due_at")},
                                                     'slaBreachedAt', ${isoOf("bumped.sla_breached_at")}))
  from bumped join stored on true
  returning id::text as event_id, (extract(epoch from created_at) * 1000)::float8 as event_created_ms
)
select bumped.id as conversation_id, bumped.last_seq as seq, bumped.unread_count as unread_count,
       bumped.status::text as status, ${isoOf("bumped.sla_due_at")} as sla_due_at,
       ${isoOf("bumped.sla_breached_at")} as sla_breached_at,
       recorded.event_id as event_id, recorded.event_created_ms as event_created_ms
from bumped join recorded on true`;

type AppendedRow = {
  conversation_id: string;
  seq: number;
  unread_count: number;
  status: ConversationListSummary["status"];
  sla_due_at: string | null;
  sla_breached_at: string | null;
  event_id: string;
  event_created_ms: number;
};

export type AppendedToOpenConversation = { message: MessageRow; created: boolean; events: StoredEvent[] };

const UNIQUE_VIOLATION = "23505";

const isUniqueViolation = (error: unknown) =>
  typeof error === "object" && error !== null && (error as { code?: unknown }).code === UNIQUE_VIOLATION;

/** Appends a visitor's message to their open conversation in this inbox; null when there is none. */
export async function appendToOpenConversation(
  ctx: ServiceContext,
  visitor: Visitor,
  contactId: string,
  input: SendWidgetMessageInput,
): Promise<AppendedToOpenConversation | null> {
  const workspaceId = visitor.inbox.workspaceId;
  const now = new Date();
  const createdAt = now.toISOString();
  const preview = previewOf(input.body);
  const messageId = newId("message");
  // What the event carries besides the seq and the conversation, which the statement fills in.
  const messagePart = {
    id: messageId,
    direction: "inbound",
    senderType: "contact",
    senderUserId: null,
    senderContactId: contactId,
    body: input.body,
    attachments: [],
    clientMessageId: input.clientMessageId,
    deliveryStatus: "delivered",
    deliveryError: null,
    createdAt,
  } as const;
  const conversationPart = {
    lastActivityAt: createdAt,
    lastMessagePreview: preview,
    lastMessageDirection: "inbound",
  } as const;

  let row: AppendedRow | undefined;
  try {
    [row] = await runStatement(
      () =>
        rawQuery<AppendedRow>(ctx.db, APPEND_SQL, [
          createdAt,
          contactId,
          workspaceId,
          visitor.inbox.id,
          preview,
          messageId,
          input.body,
          input.clientMessageId,
          JSON.stringify(messagePart),
          JSON.stringify(conversationPart),
        ]),
      { onRetry: ctx.onTransientRetry },
    );
  } catch (error) {
    if (!isUniqueViolation(error)) throw error;
    // Sent before (or by a retry whose first attempt committed): answer with what is stored.
    const stored = await findSentMessage(ctx.db, {
      workspaceId,
      sender: { kind: "contact", contactId },
      clientMessageId: input.clientMessageId,
    });
    if (!stored) throw error;
    return { message: stored, created: false, events: [] };
  }
  if (!row) return null;

  const message: MessageRow = {
    ...messagePart,
    attachments: [],
    workspaceId,
    conversationId: row.conversation_id,
    seq: row.seq,
    createdAt: now,
    updatedAt: now,
  };
  const view: MessageView = { ...messagePart, attachments: [], conversationId: row.conversation_id, seq: row.seq };
  const event: StoredEvent = {
    id: Number(row.event_id),
    workspaceId,
    type: "message.created",
    conversationId: row.conversation_id,
    payload: {
      message: view,
      conversation: {
        ...conversationPart,
        id: row.conversation_id,
        lastSeq: row.seq,
        unreadCount: row.unread_count,
        status: row.status,
        slaDueAt: row.sla_due_at,
        slaBreachedAt: row.sla_breached_at,
      } satisfies ConversationListSummary,
    },
    createdAt: new Date(row.event_created_ms),
    publishedAt: null,
    publishAttempts: 0,
  };
  return { message, created: true, events: [event] };
}
