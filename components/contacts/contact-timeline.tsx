"use client";

import { clsx } from "clsx";
import { ChannelIcon, channelLabel } from "@/components/ui/channel-icon";
import { StatusBadge } from "@/components/ui/badges";
import { shortTimeAgo } from "@/components/ui/time";
import type { ChannelType, ConversationStatus } from "@/db/schema";

export type TimelineConversation = {
  id: string;
  status: string;
  inboxName: string;
  channelType: ChannelType;
  lastActivityAt: string;
  preview: string | null;
};

/** Every conversation of a contact, on every channel, newest first; each opens in the inbox. */
export function ContactTimeline({
  conversations,
  currentConversationId,
  compact = false,
}: {
  conversations: TimelineConversation[];
  currentConversationId?: string;
  compact?: boolean;
}) {
  if (conversations.length === 0) return <p className="text-sm text-slate-400">No conversations yet.</p>;
  return (
    <ol className={clsx("space-y-2", !compact && "border-l border-slate-200 pl-4")} data-testid="contact-timeline">
      {conversations.map((conversation) => (
        <li key={conversation.id}>
          <a
            href={`/inbox?c=${conversation.id}`}
            data-testid="timeline-conversation"
            className={clsx(
              "block rounded-lg border bg-white hover:border-brand-300",
              compact ? "px-3 py-2 text-xs" : "px-4 py-3 text-sm",
              conversation.id === currentConversationId ? "border-brand-200 bg-brand-50" : "border-slate-200",
            )}
          >
            <div className="flex items-center gap-2 text-slate-500">
              <ChannelIcon channel={conversation.channelType} className={compact ? "size-3.5" : "size-4"} />
              <span className="min-w-0 flex-1 truncate" title={channelLabel(conversation.channelType)}>
                {conversation.inboxName}
              </span>
              {compact ? (
                <span className="capitalize">{conversation.status}</span>
              ) : (
                <StatusBadge status={conversation.status as ConversationStatus} />
              )}
              <span>{shortTimeAgo(conversation.lastActivityAt)}</span>
            </div>
            <p className="mt-1 truncate text-slate-700">{conversation.preview ?? "—"}</p>
          </a>
        </li>
      ))}
    </ol>
  );
}
