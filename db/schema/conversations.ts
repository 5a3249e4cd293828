import { sql } from "drizzle-orm";
import { index, integer, jsonb, pgEnum, pgTable, text, uniqueIndex } from "drizzle-orm/pg-core";
import { at, primaryId, timestamps, workspaceId } from "./columns";
import { contacts } from "./contacts";
import { inboxes } from "./inboxes";
import { teams, users } from "./workspaces";

export const conversationStatus = pgEnum("conversation_status", ["open", "pending", "snoozed", "resolved"]);
export type ConversationStatus = (typeof conversationStatus.enumValues)[number];

/** Declared most urgent first, so ascending enum order is triage order. */
export const conversationPriority = pgEnum("conversation_priority", ["urgent", "high", "normal", "low"]);
export type ConversationPriority = (typeof conversationPriority.enumValues)[number];

export const conversations = pgTable(
  "conversations",
  {
    id: primaryId("conversation"),
    workspaceId: workspaceId(),
    inboxId: text("inbox_id")
      .notNull()
      .references(() => inboxes.id, { onDelete: "cascade" }),
    contactId: text("contact_id")
      .notNull()
      .references(() => contacts.id, { onDelete: "cascade" }),
    status: conversationStatus("status").notNull().default("open"),
    priority: conversationPriority("priority").notNull().default("normal"),
    assigneeId: text("assignee_id").references(() => users.id, { onDelete: "set null" }),
    teamId: text("team_id").references(() => teams.id, { onDelete: "set null" }),
    /** Highest message seq handed out; messages get lastSeq + 1 under a row lock. */
    lastSeq: integer("last_seq").notNull().default(0),
    agentLastReadSeq: integer("agent_last_read_seq").notNull().default(0),
    contactLastReadSeq: integer("contact_last_read_seq").notNull().default(0),
    unreadCount: integer("unread_count").notNull().default(0),
    lastMessagePreview: text("last_message_preview"),
    lastMessageDirection: text("last_message_direction"),
    lastActivityAt: at("last_activity_at").notNull().defaultNow(),
    resolvedAt: at("resolved_at"),
    ...timestamps,
  },
  (t) => [
    index("conversations_inbox_list_idx").on(t.workspaceId, t.status, t.priority, t.lastActivityAt.desc(), t.id.desc()),
    index("conversations_workspace_activity_idx").on(t.workspaceId, t.lastActivityAt.desc(), t.id.desc()),
    index("conversations_assignee_idx").on(t.workspaceId, t.assigneeId, t.status),
    index("conversations_contact_idx").on(t.workspaceId, t.contactId, t.inboxId),
  ],
);

export const messageDirection = pgEnum("message_direction", ["inbound", "outbound", "note"]);
export type MessageDirection = (typeof messageDirection.enumValues)[number];

export const messageSenderType = pgEnum("message_sender_type", ["contact", "agent", "system"]);
export type MessageSenderType = (typeof messageSenderType.enumValues)[number];

export const deliveryStatus = pgEnum("delivery_status", ["queued", "sent", "delivered", "read", "failed"]);
export type DeliveryStatus = (typeof deliveryStatus.enumValues)[number];

export type AttachmentMeta = { name: string; contentType: string; sizeBytes: number; url: string };

export const messages = pgTable(
  "messages",
  {
    id: primaryId("message"),
    workspaceId: workspaceId(),
    conversationId: text("conversation_id")
      .notNull()
      .references(() => conversations.id, { onDelete: "cascade" }),
    seq: integer("seq").notNull(),
    direction: messageDirection("direction").notNull(),
    senderType: messageSenderType("sender_type").notNull(),
    senderUserId: text("sender_user_id").references(() => users.id, { onDelete: "set null" }),
    senderContactId: text("sender_contact_id").references(() => contacts.id, { onDelete: "set null" }),
    body: text("body").notNull(),
    attachments: jsonb("attachments").$type<AttachmentMeta[]>().notNull().default([]),
    /** Chosen by the sending client so a retried send stores one message. */
    clientMessageId: text("client_message_id"),
    deliveryStatus: deliveryStatus("delivery_status").notNull().default("sent"),
    ...timestamps,
  },
  (t) => [
    uniqueIndex("messages_conversation_seq_unique").on(t.conversationId, t.seq),
    // A client message id is its sender's idempotency key in the workspace, whatever the conversation.
    uniqueIndex("messages_contact_client_id_unique")
      .on(t.workspaceId, t.senderContactId, t.clientMessageId)
      .where(sql`${t.clientMessageId} is not null and ${t.senderContactId} is not null`),
    uniqueIndex("messages_user_client_id_unique")
      .on(t.workspaceId, t.senderUserId, t.clientMessageId)
      .where(sql`${t.clientMessageId} is not null and ${t.senderUserId} is not null`),
    index("messages_workspace_created_idx").on(t.workspaceId, t.createdAt),
  ],
);
