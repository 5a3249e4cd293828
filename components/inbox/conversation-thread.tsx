"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { clsx } from "clsx";
import { CheckCircle2, RotateCcw } from "lucide-react";
import { useEffect, useRef, useState } from "react";
import { Composer } from "@/components/chat/composer";
import { MessageBubble } from "@/components/chat/message-bubble";
import type { ChatMessage } from "@/components/chat/message-store";
import { useChatThread } from "@/components/chat/use-chat-thread";
import { useCustomerTyping } from "@/components/chat/use-customer-typing";
import { useTRPC, useTRPCClient } from "@/components/providers/trpc";
import { useChannelEvents } from "@/components/realtime/realtime-provider";
import { StatusBadge } from "@/components/ui/badges";
import { SlaBadge } from "@/components/ui/sla-badge";
import { ChannelIcon } from "@/components/ui/channel-icon";
import { channelNames } from "@/server/realtime/channel-names";
import { ConversationControls } from "./conversation-controls";
import { useConversationPresence } from "./use-conversation-presence";

export function ConversationThread({
  conversationId,
  currentUserId,
}: {
  conversationId: string;
  currentUserId: string;
}) {
  const trpc = useTRPC();
  const client = useTRPCClient();
  const queryClient = useQueryClient();
  const [mode, setMode] = useState<"reply" | "note">("reply");
  const conversation = useQuery(trpc.conversations.get.queryOptions({ conversationId }));
  const thread = useChatThread({
    conversationId,
    channelName: channelNames.conversation(conversationId),
    fetchLatest: (id) => client.messages.list.query({ conversationId: id }),
    fetchAfter: (id, afterSeq) => client.messages.list.query({ conversationId: id, afterSeq }),
  });
  const markRead = useMutation(trpc.conversations.markRead.mutationOptions());
  const refreshConversation = () => {
    void queryClient.invalidateQueries({ queryKey: trpc.conversations.get.queryKey({ conversationId }) });
    void queryClient.invalidateQueries({ queryKey: trpc.conversations.list.pathKey() });
  };
  // Another agent may assign, prioritise or resolve this conversation while it is open here.
  useChannelEvents(channelNames.conversation(conversationId), {
    "conversation.updated": refreshConversation,
    "conversation.sla_warning": refreshConversation,
    "conversation.sla_breached": refreshConversation,
    // The customer saw the replies: their ticks turn to "read".
    "conversation.read": (data) => {
      if ((data as { readBy?: string } | null)?.readBy !== "contact") return;
      void queryClient.invalidateQueries({ queryKey: trpc.conversations.get.queryKey({ conversationId }) });
    },
  });
  const resolve = useMutation(trpc.conversations.resolve.mutationOptions({ onSuccess: refreshConversation }));
  const reopen = useMutation(trpc.conversations.reopen.mutationOptions({ onSuccess: refreshConversation }));

  const lastInboundSeq = thread.messages.filter((m) => m.direction === "inbound" && !m.localState).at(-1)?.seq ?? 0;
  const { mutate: markReadNow } = markRead;
  useEffect(() => {
    if (lastInboundSeq > 0 && document.visibilityState === "visible") markReadNow({ conversationId });
  }, [conversationId, lastInboundSeq, markReadNow]);

  const bottom = useRef<HTMLDivElement>(null);
  useEffect(() => {
    bottom.current?.scrollIntoView({ block: "end" });
  }, [thread.messages.length]);

  const deliver = (body: string, isNote: boolean, reuse?: string) =>
    thread.send(
      body,
      { direction: isNote ? "note" : "outbound", senderType: "agent" },
      (clientMessageId) => client.messages.send.mutate({ conversationId, body, clientMessageId, private: isNote }),
      reuse,
    );
  const retry = (message: ChatMessage) =>
    void deliver(message.body, message.direction === "note", message.clientMessageId ?? undefined).catch(() => {});

  // Collisions: who else is here, who is writing, and a pause before answering what someone else just answered.
  const presence = useConversationPresence(conversationId, currentUserId);
  // Same query (and cache) as the assignee picker.
  const members = useQuery(trpc.workspace.members.queryOptions(undefined, { staleTime: 5 * 60_000 }));
  const agentName = (userId: string | null) =>
    members.data?.find((member) => member.userId === userId)?.name ?? presence.nameOf(userId ?? "");
  const lastSeq = thread.messages.reduce((max, m) => (m.localState ? max : Math.max(max, m.seq)), 0);
  const [draftSince, setDraftSince] = useState<number | null>(null);
  const answeredMeanwhile =
    mode === "reply" && draftSince !== null
      ? thread.messages.find(
          (m) =>
            m.direction === "outbound" &&
            m.senderType === "agent" &&
            m.senderUserId !== currentUserId &&
            !m.localState &&
            m.seq > draftSince,
        )
      : undefined;
  // The customer sees "Alex is typing…" for replies, never for notes; the agent sees the customer typing.
  const customerTyping = useCustomerTyping(channelNames.widgetConversation(conversationId), "agent", conversationId);
  const myFirstName = members.data?.find((member) => member.userId === currentUserId)?.name.split(" ")[0];
  const onDraftChange = (body: string) => {
    if (!body.trim()) {
      setDraftSince(null);
      presence.announceIdle();
      customerTyping.stop(myFirstName);
      return;
    }
    if (draftSince === null) setDraftSince(lastSeq);
    presence.announceComposing(mode);
    if (mode === "reply") customerTyping.announce(myFirstName);
    else customerTyping.stop(myFirstName);
  };

  const detail = conversation.data;
  const name = detail?.contact.name ?? detail?.contact.email ?? "…";

  return (
    <section className="flex min-w-0 flex-1 flex-col bg-slate-50" data-testid="conversation-thread">
      <header className="flex flex-wrap items-center gap-x-3 gap-y-2 border-b border-slate-200 bg-white px-5 py-3">
        <div className="min-w-48 flex-1">
          <h2 className="truncate font-semibold" data-testid="thread-contact-name">
            {name}
          </h2>
          {detail && (
            <p className="flex items-center gap-1.5 text-xs text-slate-500">
              <ChannelIcon channel={detail.inbox.channelType} /> {detail.inbox.name}
              {detail.team && <span>· {detail.team.name}</span>}
              {detail.assignee && <span>· Assigned to {detail.assignee.name}</span>}
              <SlaBadge dueAt={detail.slaDueAt} breachedAt={detail.slaBreachedAt} />
            </p>
          )}
          {presence.others.length > 0 && (
            <p className="mt-0.5 flex items-center gap-1 text-xs text-slate-600" data-testid="also-viewing">
              <span className="size-1.5 rounded-full bg-emerald-500" aria-hidden />
              Also here: {presence.others.map((colleague) => colleague.name).join(", ")}
            </p>
          )}
          {detail?.routing && (
            <p
              className="mt-0.5 truncate text-xs text-slate-500"
              data-testid="routing-explanation"
              title={detail.routing.verdicts.map((v) => `${v.name}: ${v.reasons.join(", ")}`).join("\n")}
            >
              {detail.routing.summary}
            </p>
          )}
        </div>
        {detail && (
          <div className="ml-auto flex flex-wrap items-center justify-end gap-2">
            <ConversationControls
              conversationId={conversationId}
              assigneeId={detail.assigneeId}
              priority={detail.priority}
              currentUserId={currentUserId}
            />
            <StatusBadge status={detail.status} />
            {detail.status === "resolved" ? (
              <button
                type="button"
                onClick={() => reopen.mutate({ conversationId })}
                className="flex items-center gap-1.5 rounded-lg border border-slate-200 bg-white px-3 py-1.5 text-sm font-medium hover:bg-slate-50"
              >
                <RotateCcw className="size-4" /> Reopen
              </button>
            ) : (
              <button
                type="button"
                onClick={() => resolve.mutate({ conversationId })}
                className="flex items-center gap-1.5 rounded-lg bg-emerald-600 px-3 py-1.5 text-sm font-medium text-white hover:bg-emerald-700"
              >
                <CheckCircle2 className="size-4" /> Resolve
              </button>
            )}
          </div>
        )}
      </header>
      <div className="flex-1 space-y-3 overflow-y-auto px-5 py-4" data-testid="thread-messages">
        {thread.loading && thread.messages.length === 0 && (
          <p className="text-center text-sm text-slate-400">Loading messages…</p>
        )}
        {thread.error && (
          <p role="alert" className="text-center text-sm text-red-600">
            {thread.error}
          </p>
        )}
        {thread.messages.map((message) => (
          <MessageBubble
            key={message.clientMessageId ?? message.id}
            message={message}
            mine={message.direction !== "inbound"}
            seen={message.direction === "outbound" && !!detail && message.seq <= detail.contactLastReadSeq}
            onRetry={retry}
          />
        ))}
        <div ref={bottom} />
      </div>
      <div className="flex gap-1 border-t border-slate-200 bg-white px-3 pt-2 text-xs font-medium">
        {(["reply", "note"] as const).map((value) => (
          <button
            key={value}
            type="button"
            onClick={() => setMode(value)}
            className={clsx(
              "rounded-md px-2.5 py-1",
              mode === value
                ? value === "note"
                  ? "bg-amber-100 text-amber-800"
                  : "bg-brand-50 text-brand-700"
                : "text-slate-500 hover:bg-slate-100",
            )}
          >
            {value === "reply" ? "Reply" : "Private note"}
          </button>
        ))}
      </div>
      <p
        aria-live="polite"
        className="min-h-5 bg-white px-4 pt-1 text-xs text-slate-500"
        data-testid="replying-indicator"
      >
        {presence.composing
          .map(({ name, kind }) => `${name} is ${kind === "note" ? "writing a note" : "replying"}…`)
          .join(" ")}
      </p>
      <p aria-live="polite" className="bg-white px-4 text-xs text-slate-500" data-testid="customer-typing">
        {customerTyping.othersTyping.length > 0 && `${name} is typing…`}
      </p>
      <Composer
        key={conversationId}
        tone={mode}
        hold={
          answeredMeanwhile
            ? `${agentName(answeredMeanwhile.senderUserId)} replied while you were writing. Read it above before you send.`
            : null
        }
        onDraftChange={onDraftChange}
        placeholder={
          mode === "note"
            ? "Write a note only your team can see…"
            : "Write a reply… (Enter to send, Shift+Enter for a new line)"
        }
        onSend={(body) => deliver(body, mode === "note")}
      />
    </section>
  );
}
