"use client";

import { X } from "lucide-react";
import { useCallback, useEffect, useRef, useState } from "react";
import { Composer } from "@/components/chat/composer";
import { MessageBubble } from "@/components/chat/message-bubble";
import type { ChatMessage } from "@/components/chat/message-store";
import { useChatThread } from "@/components/chat/use-chat-thread";
import { useCustomerTyping } from "@/components/chat/use-customer-typing";
import { TrpcProviders, useTRPCClient } from "@/components/providers/trpc";
import { useConnectionStatus } from "@/components/realtime/connection-status";
import { RealtimeProvider, useChannelEvents } from "@/components/realtime/realtime-provider";
import { QueueBanner } from "./queue-banner";
import { channelNames } from "@/server/realtime/channel-names";
import type { RealtimeClientConfig } from "@/server/realtime/settings";

/** What the host page's loader hands the frame: its stored visitor token and the signed-in user, if any. */
export type WidgetIdentity = { userId: string; userHash?: string; name?: string; email?: string };
type HostState = { visitorToken: string | undefined; identity: WidgetIdentity | undefined };

// The frame's own storage is only a fallback (a cross-site frame's storage is partitioned or blocked);
// keyed by the host's origin so a page embedding the frame never reads another site's visitor.
const frameStorageKey = (inboxToken: string, parentOrigin: string | null) =>
  `switchboard:visitor:${inboxToken}:${parentOrigin ?? "direct"}`;

function readFrameToken(key: string): string | undefined {
  try {
    return localStorage.getItem(key) ?? undefined;
  } catch {
    return undefined;
  }
}

function storeFrameToken(key: string, visitorToken: string | null): void {
  try {
    if (visitorToken === null) localStorage.removeItem(key);
    else localStorage.setItem(key, visitorToken);
  } catch {
    // Storage can be blocked; the host page keeps the token.
  }
}

/** Posts to the host page, and only to the origin the loader named. */
function tellHost(parentOrigin: string | null, message: Record<string, unknown>): void {
  if (parentOrigin && window.parent !== window) window.parent.postMessage(message, parentOrigin);
}

function parseIdentity(value: unknown): WidgetIdentity | undefined {
  if (!value || typeof value !== "object") return undefined;
  const record = value as Record<string, unknown>;
  if (typeof record.userId !== "string") return undefined;
  const text = (field: unknown) => (typeof field === "string" ? field : undefined);
  return { userId: record.userId, userHash: text(record.userHash), name: text(record.name), email: text(record.email) };
}

// Without an answer from a loader (an old snippet, the frame opened directly) the frame starts on its own.
const HOST_WAIT_MS = 1500;

/** The host page's state, received over postMessage from the parent's origin only. */
function useHostState(inboxToken: string, parentOrigin: string | null): HostState | null {
  const [state, setState] = useState<HostState | null>(null);
  useEffect(() => {
    const key = frameStorageKey(inboxToken, parentOrigin);
    const fallback = () => setState((current) => current ?? { visitorToken: readFrameToken(key), identity: undefined });
    if (!parentOrigin || window.parent === window) {
      fallback();
      return;
    }
    const onMessage = (event: MessageEvent) => {
      if (event.origin !== parentOrigin || event.source !== window.parent) return;
      const data = event.data as Record<string, unknown> | null;
      if (!data || data.type !== "switchboard:init") return;
      const hostToken = typeof data.visitorToken === "string" ? data.visitorToken : undefined;
      if (data.fresh === true) storeFrameToken(key, null);
      // The host page's storage decides; the frame's own only when the host cannot store anything.
      const ownToken = data.hostStorage === false && data.fresh !== true ? readFrameToken(key) : undefined;
      setState({ visitorToken: hostToken ?? ownToken, identity: parseIdentity(data.identity) });
    };
    window.addEventListener("message", onMessage);
    tellHost(parentOrigin, { type: "switchboard:ready" });
    const timer = setTimeout(fallback, HOST_WAIT_MS);
    return () => {
      window.removeEventListener("message", onMessage);
      clearTimeout(timer);
    };
  }, [inboxToken, parentOrigin]);
  return state;
}

function WidgetChat({
  inboxToken,
  visitorToken,
  identity,
  parentOrigin,
  greeting,
  title,
  initialConversationId,
}: {
  inboxToken: string;
  visitorToken: string;
  identity: WidgetIdentity | undefined;
  parentOrigin: string | null;
  greeting: string;
  title: string;
  initialConversationId: string | null;
}) {
  const client = useTRPCClient();
  const [conversationId, setConversationId] = useState(initialConversationId);
  const credentials = { inboxToken, visitorToken };
  const channelName = conversationId ? channelNames.widgetConversation(conversationId) : null;
  const connection = useConnectionStatus();
  const typing = useCustomerTyping(channelName, "visitor", conversationId ?? "");
  // How far the agents have read: from each page fetched, then live. A reply also means they read what came before.
  const [agentRead, setAgentRead] = useState({ conversationId, seq: 0 });
  const agentReadSeq = agentRead.conversationId === conversationId ? agentRead.seq : 0;
  const readUpTo = (seq: number) =>
    setAgentRead((current) => ({
      conversationId,
      seq: current.conversationId === conversationId ? Math.max(current.seq, seq) : seq,
    }));
  const withReadMark = async <Page extends { agentLastReadSeq: number }>(page: Promise<Page>) => {
    const fetched = await page;
    readUpTo(fetched.agentLastReadSeq);
    return fetched;
  };
  useChannelEvents(channelName, {
    "conversation.read": (data) => {
      const seq = (data as { agentLastReadSeq?: unknown } | null)?.agentLastReadSeq;
      if (typeof seq === "number") readUpTo(seq);
    },
  });
  const thread = useChatThread({
    conversationId,
    channelName,
    fetchLatest: (id) => withReadMark(client.widget.messages.query({ ...credentials, conversationId: id })),
    fetchAfter: (id, afterSeq) =>
      withReadMark(client.widget.messages.query({ ...credentials, conversationId: id, afterSeq })),
  });

  const deliver = (body: string, reuse?: string) =>
    thread.send(
      body,
      { direction: "inbound", senderType: "contact" },
      async (clientMessageId) => {
        const result = await client.widget.send.mutate({ ...credentials, identity, body, clientMessageId });
        setConversationId(result.conversationId);
        return result;
      },
      reuse,
    );
  const retry = (message: ChatMessage) =>
    void deliver(message.body, message.clientMessageId ?? undefined).catch(() => {});

  // Replies count as read once they are on screen in a visible, focused widget.
  const lastReplySeq = thread.messages.reduce(
    (max, m) => (m.direction === "outbound" && !m.localState ? Math.max(max, m.seq) : max),
    0,
  );
  const lastAgentReplySeq = thread.messages.reduce(
    (max, m) => (m.direction === "outbound" && m.senderType === "agent" && !m.localState ? Math.max(max, m.seq) : max),
    0,
  );
  const reported = useRef<{ conversationId: string | null; seq: number }>({ conversationId: null, seq: 0 });
  useEffect(() => {
    if (!conversationId || lastReplySeq === 0) return;
    const report = () => {
      const done = reported.current.conversationId === conversationId ? reported.current.seq : 0;
      if (document.visibilityState !== "visible" || !document.hasFocus() || lastReplySeq <= done) return;
      reported.current = { conversationId, seq: lastReplySeq };
      client.widget.markRead.mutate({ inboxToken, visitorToken, conversationId, seq: lastReplySeq }).catch(() => {
        // Not recorded this time: the next reply or focus tries again.
        reported.current = { conversationId, seq: 0 };
      });
    };
    report();
    window.addEventListener("focus", report);
    document.addEventListener("visibilitychange", report);
    return () => {
      window.removeEventListener("focus", report);
      document.removeEventListener("visibilitychange", report);
    };
  }, [client, inboxToken, visitorToken, conversationId, lastReplySeq]);

  return (
    <div className="flex h-screen flex-col bg-white">
      <header className="flex items-center gap-3 bg-brand-600 px-4 py-3 text-white">
        <div className="flex size-9 items-center justify-center rounded-full bg-white/20 font-bold">S</div>
        <div className="min-w-0 flex-1">
          <p className="truncate font-semibold">{title}</p>
          <p className="text-xs text-white/80">
            We usually reply in a few minutes
            {connection.kind !== "live" && conversationId && (
              <span data-testid="widget-connection" data-status={connection.kind}>
                {" "}
                · {connection.label}
              </span>
            )}
          </p>
        </div>
        <button
          type="button"
          aria-label="Close chat"
          onClick={() => tellHost(parentOrigin, { type: "switchboard:close" })}
          className="rounded-md p-1 hover:bg-white/20"
        >
          <X className="size-5" />
        </button>
      </header>
      <QueueBanner inboxToken={inboxToken} visitorToken={visitorToken} conversationId={conversationId} />
      <div className="flex-1 space-y-3 overflow-y-auto bg-slate-50 px-3 py-4" data-testid="widget-messages">
        <div className="flex justify-start">
          <div className="max-w-[85%] rounded-2xl rounded-bl-md border border-slate-200 bg-white px-3.5 py-2 text-sm text-slate-700 shadow-sm">
            {greeting}
          </div>
        </div>
        {thread.messages.map((message) => (
          <MessageBubble
            key={message.clientMessageId ?? message.id}
            message={message}
            mine={message.direction === "inbound"}
            seen={message.direction === "inbound" && message.seq <= Math.max(agentReadSeq, lastAgentReplySeq)}
            onRetry={retry}
          />
        ))}
        <ScrollAnchor count={thread.messages.length} />
      </div>
      {/* A failed send stays in the thread with the server's reason and a Retry, so nothing typed is lost. */}
      <p aria-live="polite" className="min-h-4 bg-slate-50 px-3 text-[11px] text-slate-500" data-testid="agent-typing">
        {typing.othersTyping.length > 0 &&
          `${typing.othersTyping.map((name) => name || "An agent").join(", ")} ${typing.othersTyping.length > 1 ? "are" : "is"} typing…`}
      </p>
      <Composer
        compact
        placeholder="Type your message…"
        onDraftChange={(body) => (body.trim() ? typing.announce() : typing.stop())}
        onSend={(body) => deliver(body).catch(() => {})}
      />
      <p className="pb-1.5 text-center text-[10px] text-slate-400">Powered by Switchboard</p>
    </div>
  );
}

function ScrollAnchor({ count }: { count: number }) {
  const [node, setNode] = useState<HTMLDivElement | null>(null);
  useEffect(() => {
    node?.scrollIntoView({ block: "end" });
  }, [node, count]);
  return <div ref={setNode} />;
}

type WidgetSessionData = Awaited<ReturnType<ReturnType<typeof useTRPCClient>["widget"]["session"]["mutate"]>>;

// Cheap: a clock comparison each hour; the server is asked only once the token is due (daily).
const RENEWAL_CHECK_MS = 60 * 60 * 1000;

function WidgetSession({
  inboxToken,
  parentOrigin,
  realtime,
}: {
  inboxToken: string;
  parentOrigin: string | null;
  realtime: RealtimeClientConfig;
}) {
  const client = useTRPCClient();
  const host = useHostState(inboxToken, parentOrigin);
  const [session, setSession] = useState<WidgetSessionData | null>(null);
  const [error, setError] = useState<string | null>(null);
  const tokenRef = useRef<string | undefined>(undefined);
  const identity = host?.identity;

  const open = useCallback(
    async (visitorToken: string | undefined) => {
      const data = await client.widget.session.mutate({ inboxToken, visitorToken, identity });
      tokenRef.current = data.visitorToken;
      storeFrameToken(frameStorageKey(inboxToken, parentOrigin), data.visitorToken);
      if (data.visitorToken !== visitorToken)
        tellHost(parentOrigin, { type: "switchboard:token", visitorToken: data.visitorToken });
      setError(null);
      setSession(data);
    },
    [client, inboxToken, identity, parentOrigin],
  );

  // Opens once the host page answered, and again when it identifies its user or resets the visitor.
  useEffect(() => {
    if (!host) return;
    // eslint-disable-next-line react-hooks/set-state-in-effect -- state is set when the request answers, not synchronously
    open(host.visitorToken).catch((cause: unknown) => {
      setSession(null);
      setError(cause instanceof Error ? cause.message : "Could not open the chat");
    });
  }, [host, open]);

  // While the widget stays open, renew the token (same visitor) before it can expire.
  const renewAt = session ? new Date(session.renewAt).getTime() : null;
  useEffect(() => {
    if (renewAt === null) return;
    const timer = setInterval(() => {
      if (Date.now() >= renewAt) void open(tokenRef.current).catch(() => {});
    }, RENEWAL_CHECK_MS);
    return () => clearInterval(timer);
  }, [renewAt, open]);

  // Read at every channel auth, so a renewed token is used without reconnecting.
  const authParams = useCallback(
    () => ({ inbox_token: inboxToken, visitor_token: tokenRef.current ?? "" }),
    [inboxToken],
  );

  if (error) {
    return (
      <p role="alert" className="p-6 text-center text-sm text-red-600">
        {error}
      </p>
    );
  }
  if (!session) return <p className="p-6 text-center text-sm text-slate-400">Connecting…</p>;
  return (
    <RealtimeProvider config={realtime} authParams={authParams}>
      <WidgetChat
        key={`${session.visitorToken}:${session.conversationId ?? ""}`}
        inboxToken={inboxToken}
        visitorToken={session.visitorToken}
        identity={identity}
        parentOrigin={parentOrigin}
        greeting={session.inbox.greeting}
        title={session.inbox.name}
        initialConversationId={session.conversationId}
      />
    </RealtimeProvider>
  );
}

export function WidgetApp({
  inboxToken,
  parentOrigin,
  realtime,
}: {
  inboxToken: string;
  parentOrigin: string | null;
  realtime: RealtimeClientConfig;
}) {
  return (
    <TrpcProviders>
      <WidgetSession inboxToken={inboxToken} parentOrigin={parentOrigin} realtime={realtime} />
    </TrpcProviders>
  );
}
