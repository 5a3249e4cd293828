import { eq } from "drizzle-orm";
import type { Executor } from "@/db";
import type { ChannelType, ConversationPriority, ConversationStatus } from "@/db/schema";
import { contacts, conversations, inboxes } from "@/db/schema";

export type ConversationRow = typeof conversations.$inferSelect;

export type ConversationView = {
  id: string;
  status: ConversationStatus;
  priority: ConversationPriority;
  assigneeId: string | null;
  teamId: string | null;
  lastSeq: number;
  unreadCount: number;
  lastMessagePreview: string | null;
  lastMessageDirection: string | null;
  lastActivityAt: string;
  createdAt: string;
  /** The earliest pending SLA due time, and when it was breached (what the countdown badge shows). */
  slaDueAt: string | null;
  slaBreachedAt: string | null;
  labels: string[];
  inbox: { id: string; name: string; channelType: ChannelType };
  contact: { id: string; name: string | null; email: string | null };
};

export const PREVIEW_LENGTH = 140;

export function previewOf(body: string): string {
  const flat = body.replace(/\s+/g, " ").trim();
  return flat.length > PREVIEW_LENGTH ? `${flat.slice(0, PREVIEW_LENGTH - 1)}…` : flat;
}

export function toConversationView(
  row: ConversationRow,
  inbox: ConversationView["inbox"],
  contact: ConversationView["contact"],
): ConversationView {
  return {
    ...listSummaryOf(row),
    priority: row.priority,
    assigneeId: row.assigneeId,
    teamId: row.teamId,
    createdAt: row.createdAt.toISOString(),
    labels: row.labels,
    inbox,
    contact,
  };
}

/** The fields of a list row that a new message changes. */
export type ConversationListSummary = Pick<
  ConversationView,
  | "id"
  | "status"
  | "lastSeq"
  | "unreadCount"
  | "lastMessagePreview"
  | "lastMessageDirection"
  | "lastActivityAt"
  | "slaDueAt"
  | "slaBreachedAt"
>;

export function listSummaryOf(row: ConversationRow): ConversationListSummary {
  return {
    id: row.id,
    status: row.status,
    lastSeq: row.lastSeq,
    unreadCount: row.unreadCount,
    lastMessagePreview: row.lastMessagePreview,
    lastMessageDirection: row.lastMessageDirection,
    lastActivityAt: row.lastActivityAt.toISOString(),
    slaDueAt: row.status === "resolved" ? null : (row.slaDueAt?.toISOString() ?? null),
    slaBreachedAt: row.slaBreachedAt?.toISOString() ?? null,
  };
}

/** Conversations joined with what a list row or header shows of their inbox and contact. */
export function selectConversationRows(db: Executor) {
  return db
    .select({
      conversation: conversations,
      inbox: { id: inboxes.id, name: inboxes.name, channelType: inboxes.channelType },
      contact: { id: contacts.id, name: contacts.name, email: contacts.email },
    })
    .from(conversations)
    .innerJoin(inboxes, eq(inboxes.id, conversations.inboxId))
    .innerJoin(contacts, eq(contacts.id, conversations.contactId));
}
