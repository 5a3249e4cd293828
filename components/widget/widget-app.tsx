"use client";

import { X } from "lucide-react";
import { useCallback, useEffect, useRef, useState } from "react";
import { Composer } from "@/components/chat/composer";
import { MessageBubble } from "@/components/chat/message-bubble";
import type { ChatMessage } from "@/components/chat/message-store";
import { useChatThread } from "@/components/chat/use-chat-thread";
import { TrpcProviders, useTRPCClient } from "@/components/providers/trpc";
import { RealtimeProvider } from "@/components/realtime/realtime-provider";
import { channelNames } from "@/server/realtime/channel-names";
import type { RealtimeClientConfig } from "@/server/realtime/settings";

const storageKey = (inboxToken: string) => `switchboard:visitor:${inboxToken}`;

function readVisitorToken(inboxToken: string): string | undefined {
  try {
    return localStorage.getItem(storageKey(inboxToken)) ?? undefined;
  } catch {
    return undefined;
  }
}

function storeVisitorToken(inboxToken: string, visitorToken: string): void {
  try {
    localStorage.setItem(storageKey(inboxToken), visitorToken);
  } catch {
    // Storage can be blocked; the chat still works for this page view.
  }
}

function WidgetChat({
  inboxToken,
  visitorToken,
  greeting,
  title,
  initialConversationId,
}: {
  inboxToken: string;
  visitorToken: string;
  greeting: string;
  title: string;
  initialConversationId: string | null;
}) {
  const client = useTRPCClient();
  const [conversationId, setConversationId] = useState(initialConversationId);
  const credentials = { inboxToken, visitorToken };
  const thread = useChatThread({
    conversationId,
    channelName: conversationId ? channelNames.widgetConversation(conversationId) : null,
    fetchLatest: (id) => client.widget.messages.query({ ...credentials, conversationId: id }),
    fetchAfter: (id, afterSeq) => client.widget.messages.query({ ...credentials, conversationId: id, afterSeq }),
  });

  const deliver = (body: string, reuse?: string) =>
    thread.send(
      body,
      { direction: "inbound", senderType: "contact" },
      async (clientMessageId) => {
        const result = await client.widget.send.mutate({ ...credentials, body, clientMessageId });
        setConversationId(result.conversationId);
        return result;
      },
      reuse,
    );
  const retry = (message: ChatMessage) =>
    void deliver(message.body, message.clientMessageId ?? undefined).catch(() => {});

  return (
    <div className="flex h-screen flex-col bg-white">
      <header className="flex items-center gap-3 bg-brand-600 px-4 py-3 text-white">
        <div className="flex size-9 items-center justify-center rounded-full bg-white/20 font-bold">S</div>
        <div className="min-w-0 flex-1">
          <p className="truncate font-semibold">{title}</p>
          <p className="text-xs text-white/80">We usually reply in a few minutes</p>
        </div>
        <button
          type="button"
          aria-label="Close chat"
          onClick={() => window.parent.postMessage({ type: "switchboard:close" }, "*")}
          className="rounded-md p-1 hover:bg-white/20"
        >
          <X className="size-5" />
        </button>
      </header>
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
            onRetry={retry}
          />
        ))}
        <ScrollAnchor count={thread.messages.length} />
      </div>
      {/* A failed send stays in the thread with the server's reason and a Retry, so nothing typed is lost. */}
      <Composer compact placeholder="Type your message…" onSend={(body) => deliver(body).catch(() => {})} />
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

function WidgetSession({ inboxToken, realtime }: { inboxToken: string; realtime: RealtimeClientConfig }) {
  const client = useTRPCClient();
  const [session, setSession] = useState<WidgetSessionData | null>(null);
  const [error, setError] = useState<string | null>(null);
  const tokenRef = useRef<string | undefined>(undefined);

  const open = useCallback(
    async (visitorToken: string | undefined) => {
      const data = await client.widget.session.mutate({ inboxToken, visitorToken });
      tokenRef.current = data.visitorToken;
      storeVisitorToken(inboxToken, data.visitorToken);
      setSession(data);
    },
    [client, inboxToken],
  );

  useEffect(() => {
    // eslint-disable-next-line react-hooks/set-state-in-effect -- state is set when the request answers, not synchronously
    open(readVisitorToken(inboxToken)).catch((cause: unknown) =>
      setError(cause instanceof Error ? cause.message : "Could not open the chat"),
    );
  }, [inboxToken, open]);

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
        inboxToken={inboxToken}
        visitorToken={session.visitorToken}
        greeting={session.inbox.greeting}
        title={session.inbox.name}
        initialConversationId={session.conversationId}
      />
    </RealtimeProvider>
  );
}

export function WidgetApp({ inboxToken, realtime }: { inboxToken: string; realtime: RealtimeClientConfig }) {
  return (
    <TrpcProviders>
      <WidgetSession inboxToken={inboxToken} realtime={realtime} />
    </TrpcProviders>
  );
}
