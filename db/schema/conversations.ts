import { sql } from "drizzle-orm";
import { boolean, index, integer, jsonb, pgEnum, pgTable, text, uniqueIndex } from "drizzle-orm/pg-core";
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
    // Routing: what the rules asked for, when the conversation joined its team's queue, and its SLA clocks.
    requiredSkills: jsonb("required_skills").$type<string[]>().notNull().default([]),
    labels: jsonb("labels").$type<string[]>().notNull().default([]),
    queuedAt: at("queued_at"),
    /** The agent it was last taken back from (reclaimed, escalated): routing does not hand it back to them. */
    reclaimedFromUserId: text("reclaimed_from_user_id"),
    assignedAt: at("assigned_at"),
    firstResponseAt: at("first_response_at"),
    awaitingReplySince: at("awaiting_reply_since"),
    firstResponseDueAt: at("first_response_due_at"),
    nextResponseDueAt: at("next_response_due_at"),
    resolutionDueAt: at("resolution_due_at"),
    /** The earliest pending SLA due time: what queues sort and inboxes count down by. */
    slaDueAt: at("sla_due_at"),
    slaWarnedAt: at("sla_warned_at"),
    slaBreachedAt: at("sla_breached_at"),
    /** Attainment, kept for reports once each clock stops: true met, false missed, null no target. */
    slaFirstResponseMet: boolean("sla_first_response_met"),
    slaResolutionMet: boolean("sla_resolution_met"),
    ...timestamps,
  },
  (t) => [
    index("conversations_inbox_list_idx").on(t.workspaceId, t.status, t.priority, t.lastActivityAt.desc(), t.id.desc()),
    index("conversations_workspace_activity_idx").on(t.workspaceId, t.lastActivityAt.desc(), t.id.desc()),
    index("conversations_assignee_idx").on(t.workspaceId, t.assigneeId, t.status),
    index("conversations_contact_idx").on(t.workspaceId, t.contactId, t.inboxId),
    // The inbox list in triage order: priority, SLA due (none last), newest activity.
    index("conversations_triage_idx").on(
      t.workspaceId,
      t.status,
      t.priority,
      t.slaDueAt.asc().nullsLast(),
      t.lastActivityAt.desc(),
      t.id.desc(),
    ),
    // A team's waiting line in serving order.
    index("conversations_team_queue_idx")
      .on(t.workspaceId, t.teamId, t.priority, t.slaDueAt, t.queuedAt, t.id)
      .where(sql`${t.assigneeId} is null and ${t.status} = 'open'`),
    // What the routing clock looks at every few seconds, across workspaces.
    index("conversations_sla_pending_idx")
      .on(t.slaDueAt)
      .where(sql`${t.slaDueAt} is not null and ${t.slaBreachedAt} is null and ${t.status} <> 'resolved'`),
    index("conversations_unrouted_idx")
      .on(t.createdAt)
      .where(sql`${t.queuedAt} is null and ${t.assigneeId} is null and ${t.status} = 'open'`),
    index("conversations_awaiting_agent_idx")
      .on(t.assignedAt)
      .where(sql`${t.assigneeId} is not null and ${t.awaitingReplySince} is not null and ${t.status} = 'open'`),
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
    /** Why the channel refused or never took the message (`failed`), as the provider said it. */
    deliveryError: text("delivery_error"),
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
