"use client";

import { useInfiniteQuery, useQueryClient } from "@tanstack/react-query";
import { clsx } from "clsx";
import { useTRPC } from "@/components/providers/trpc";
import { useChannelEvents, useRealtime } from "@/components/realtime/realtime-provider";
import { Avatar } from "@/components/ui/avatar";
import { PriorityBadge } from "@/components/ui/badges";
import { ChannelIcon } from "@/components/ui/channel-icon";
import { SlaBadge } from "@/components/ui/sla-badge";
import { shortTimeAgo } from "@/components/ui/time";
import { channelNames } from "@/server/realtime/channel-names";
import type { ConversationListSummary } from "@/server/services/conversation/views";
import { useEffect, useRef } from "react";
import { ClaimNextButton } from "./claim-next-button";
import { markReadInList, patchList, type ListData } from "./list-patch";

/** However many events arrive, the list is fetched again at most this often. */
const REFRESH_AT_MOST_EVERY_MS = 1000;

export type ListFilters = {
  status: "open" | "pending" | "snoozed" | "resolved" | "all";
  /** The inbox views: everything, mine, unassigned, or my teams'. */
  assignee: "any" | "me" | "unassigned" | "my_teams";
};

const STATUS_TABS: { value: ListFilters["status"]; label: string }[] = [
  { value: "open", label: "Open" },
  { value: "pending", label: "Pending" },
  { value: "resolved", label: "Resolved" },
  { value: "all", label: "All" },
];

export function ConversationList({
  workspaceId,
  filters,
  onFiltersChange,
  selectedId,
  onSelect,
}: {
  workspaceId: string;
  filters: ListFilters;
  onFiltersChange: (filters: ListFilters) => void;
  selectedId: string | null;
  onSelect: (conversationId: string) => void;
}) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const { reconnects } = useRealtime();
  // Triage order puts a new conversation after older ones of its priority (their SLA is due sooner), so a page
  // holds a whole working day's queue; more load as the agent scrolls.
  const listInput =
    filters.assignee === "my_teams"
      ? ({ status: filters.status, assignee: "any", team: "mine", limit: 100 } as const)
      : ({ status: filters.status, assignee: filters.assignee, limit: 100 } as const);
  const query = useInfiniteQuery(
    trpc.conversations.list.infiniteQueryOptions(listInput, {
      getNextPageParam: (page) => page.nextCursor ?? undefined,
    }),
  );
  const listKey = trpc.conversations.list.infiniteQueryKey(listInput);

  // Events update the list in place; what only the server can answer (a new conversation, a change of
  // assignee, status or priority) refetches it, at most once a second however busy the workspace is.
  const refreshTimer = useRef<number | null>(null);
  const refresh = () => {
    if (refreshTimer.current !== null) return;
    refreshTimer.current = window.setTimeout(() => {
      refreshTimer.current = null;
      void queryClient.invalidateQueries({ queryKey: trpc.conversations.list.pathKey() });
    }, REFRESH_AT_MOST_EVERY_MS);
  };
  useEffect(
    () => () => {
      if (refreshTimer.current !== null) window.clearTimeout(refreshTimer.current);
    },
    [],
  );
  const patch = (update: (data: ListData) => ListData | null) => {
    const data = queryClient.getQueryData<ListData>(listKey);
    const next = data ? update(data) : null;
    if (next) queryClient.setQueryData<ListData>(listKey, next);
    else refresh();
  };
  useChannelEvents(channelNames.workspace(workspaceId), {
    "conversation.created": refresh,
    "conversation.updated": refresh,
    "conversation.sla_warning": refresh,
    "conversation.sla_breached": refresh,
    "message.created": (data) => {
      const summary = (data as { conversation?: ConversationListSummary } | null)?.conversation;
      if (!summary?.lastActivityAt) return refresh();
      patch((list) => patchList(list, summary, filters.status));
    },
    "conversation.read": (data) => {
      const read = data as { conversationId?: string; readBy?: string } | null;
      // The customer reading does not change the list.
      if (!read?.conversationId || read.readBy === "contact") return;
      const conversationId = read.conversationId;
      patch((list) => markReadInList(list, conversationId));
    },
  });
  useEffect(() => {
    if (reconnects > 0) void queryClient.invalidateQueries({ queryKey: trpc.conversations.list.pathKey() });
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [reconnects]);

  const items = query.data?.pages.flatMap((page) => page.items) ?? [];

  return (
    <section className="flex w-80 shrink-0 flex-col border-r border-slate-200 bg-white">
      <header className="border-b border-slate-200 px-4 pt-4">
        <div className="flex items-center justify-between">
          <h1 className="text-lg font-semibold">Conversations</h1>
          <select
            aria-label="View"
            value={filters.assignee}
            onChange={(event) =>
              onFiltersChange({ ...filters, assignee: event.target.value as ListFilters["assignee"] })
            }
            className="rounded-md border border-slate-200 bg-white px-2 py-1 text-xs text-slate-600"
          >
            <option value="me">Mine</option>
            <option value="unassigned">Unassigned</option>
            <option value="my_teams">My teams</option>
            <option value="any">All</option>
          </select>
        </div>
        <ClaimNextButton onClaimed={onSelect} />
        <div role="tablist" className="mt-3 flex gap-4 text-sm">
          {STATUS_TABS.map((tab) => (
            <button
              key={tab.value}
              role="tab"
              type="button"
              aria-selected={filters.status === tab.value}
              onClick={() => onFiltersChange({ ...filters, status: tab.value })}
              className={clsx(
                "-mb-px border-b-2 pb-2 font-medium",
                filters.status === tab.value
                  ? "border-brand-600 text-brand-700"
                  : "border-transparent text-slate-500 hover:text-slate-800",
              )}
            >
              {tab.label}
            </button>
          ))}
        </div>
      </header>
      <ul className="flex-1 overflow-y-auto" data-testid="conversation-list">
        {query.isPending && <li className="p-6 text-center text-sm text-slate-400">Loading…</li>}
        {query.isError && <li className="p-6 text-center text-sm text-red-600">{query.error.message}</li>}
        {query.isSuccess && items.length === 0 && (
          <li className="p-10 text-center text-sm text-slate-400">Nothing here. Enjoy the quiet.</li>
        )}
        {items.map((conversation) => {
          const name = conversation.contact.name ?? conversation.contact.email ?? "Unknown contact";
          const unread = conversation.unreadCount > 0;
          return (
            <li key={conversation.id}>
              <button
                type="button"
                data-testid="conversation-item"
                data-conversation-id={conversation.id}
                onClick={() => onSelect(conversation.id)}
                className={clsx(
                  "flex w-full gap-3 border-b border-slate-100 px-4 py-3 text-left transition-colors",
                  selectedId === conversation.id ? "bg-brand-50" : "hover:bg-slate-50",
                )}
              >
                <Avatar name={name} seed={conversation.contact.id} />
                <span className="min-w-0 flex-1">
                  <span className="flex items-center gap-1.5">
                    <span
                      className={clsx(
                        "truncate text-sm",
                        unread ? "font-semibold text-slate-900" : "font-medium text-slate-700",
                      )}
                    >
                      {name}
                    </span>
                    <ChannelIcon channel={conversation.inbox.channelType} />
                    <span className="ml-auto shrink-0 text-[11px] text-slate-400">
                      {shortTimeAgo(conversation.lastActivityAt)}
                    </span>
                  </span>
                  <span className="mt-0.5 flex items-center gap-2">
                    <span className={clsx("truncate text-[13px]", unread ? "text-slate-800" : "text-slate-500")}>
                      {conversation.lastMessageDirection === "outbound" && (
                        <span className="text-slate-400">You: </span>
                      )}
                      {conversation.lastMessagePreview ?? "No messages yet"}
                    </span>
                    <span className="ml-auto flex shrink-0 items-center gap-1">
                      <SlaBadge dueAt={conversation.slaDueAt} breachedAt={conversation.slaBreachedAt} />
                      <PriorityBadge priority={conversation.priority} />
                      {unread && (
                        <span
                          data-testid="unread-count"
                          className="rounded-full bg-brand-600 px-1.5 text-[11px] font-semibold text-white"
                        >
                          {conversation.unreadCount}
                        </span>
                      )}
                    </span>
                  </span>
                </span>
              </button>
            </li>
          );
        })}
        {query.hasNextPage && (
          <li className="p-3 text-center">
            <button
              type="button"
              onClick={() => void query.fetchNextPage()}
              className="text-sm font-medium text-brand-600 hover:underline"
            >
              {query.isFetchingNextPage ? "Loading…" : "Load more"}
            </button>
          </li>
        )}
      </ul>
    </section>
  );
}
