import type { ConversationListSummary, ConversationView } from "@/server/services/conversation/views";

export type ListPage = { items: ConversationView[]; nextCursor: string | null };
export type ListData = { pages: ListPage[]; pageParams: unknown[] };

const PRIORITY_RANK: Record<ConversationView["priority"], number> = { urgent: 0, high: 1, normal: 2, low: 3 };

/** The server's list order: priority, SLA due (none last), most recent activity, then id (both descending). */
export function triageOrder(a: ConversationView, b: ConversationView): number {
  const priority = PRIORITY_RANK[a.priority] - PRIORITY_RANK[b.priority];
  if (priority !== 0) return priority;
  if (a.slaDueAt !== b.slaDueAt) {
    if (a.slaDueAt === null) return 1;
    if (b.slaDueAt === null) return -1;
    return Date.parse(a.slaDueAt) - Date.parse(b.slaDueAt);
  }
  const activity = Date.parse(b.lastActivityAt) - Date.parse(a.lastActivityAt);
  if (activity !== 0) return activity;
  return a.id < b.id ? 1 : a.id > b.id ? -1 : 0;
}

/**
 * Applies a conversation's new list summary (sent with each new message) to a loaded list,
 * keeping the server's order. Returns the list unchanged for a summary older than what is shown,
 * and null when only the server can say what the list is now: the conversation is not in it,
 * it left the list's status filter, or it moved across loaded pages.
 */
export function patchList(
  data: ListData,
  summary: ConversationListSummary,
  statusFilter: ConversationView["status"] | "all",
): ListData | null {
  const pageIndex = data.pages.findIndex((page) => page.items.some((item) => item.id === summary.id));
  if (pageIndex === -1) return null;
  const current = data.pages[pageIndex]!.items.find((item) => item.id === summary.id)!;
  if (summary.lastSeq < current.lastSeq) return data;
  if (statusFilter !== "all" && summary.status !== statusFilter) return null;
  const merged: ConversationView = { ...current, ...summary };
  const pages = data.pages.map((page, index) =>
    index === pageIndex ? { ...page, items: page.items.map((item) => (item.id === summary.id ? merged : item)) } : page,
  );
  if (pages.length === 1) return { ...data, pages: [{ ...pages[0]!, items: [...pages[0]!.items].sort(triageOrder) }] };
  const flat = pages.flatMap((page) => page.items);
  const ordered = flat.every((item, index) => index === 0 || triageOrder(flat[index - 1]!, item) <= 0);
  return ordered ? { ...data, pages } : null;
}

/** An agent read the conversation: its unread badge goes. Null when it is not in the list. */
export function markReadInList(data: ListData, conversationId: string): ListData | null {
  if (!data.pages.some((page) => page.items.some((item) => item.id === conversationId))) return null;
  return {
    ...data,
    pages: data.pages.map((page) => ({
      ...page,
      items: page.items.map((item) => (item.id === conversationId ? { ...item, unreadCount: 0 } : item)),
    })),
  };
}
