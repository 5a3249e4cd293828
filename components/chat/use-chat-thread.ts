"use client";

import { useCallback, useEffect, useLayoutEffect, useRef, useState } from "react";
import { useChannelEvents, useRealtime } from "@/components/realtime/realtime-provider";
import type { MessagePage } from "@/server/services/message/list-messages";
import type { MessageDeliveryUpdate, MessageView } from "@/server/services/message/views";
import {
  applyDeliveryUpdate,
  highestSeq,
  isRetriableSendError,
  mergeMessages,
  newClientMessageId,
  optimisticMessage,
  SEND_RETRY_DELAYS_MS,
  type ChatMessage,
} from "./message-store";

type MessageCreatedEvent = { message: MessageView | { id: string; seq: number }; resync?: boolean };

export type ChatThreadSource = {
  conversationId: string | null;
  channelName: string | null;
  fetchLatest: (conversationId: string) => Promise<MessagePage>;
  fetchAfter: (conversationId: string, afterSeq: number) => Promise<MessagePage>;
};

export type SendOptions = { direction: ChatMessage["direction"]; senderType: ChatMessage["senderType"] };

/**
 * Keeps one conversation's messages in sync: first page, realtime appends, and a resync
 * by seq after every reconnect or detected gap. Sends are optimistic and reconciled by
 * client message id; a send the server could not take (503, no answer) is repeated with the
 * same id, and a failed one keeps its id, so no retry can store it twice.
 */
export function useChatThread(source: ChatThreadSource) {
  const { conversationId, channelName } = source;
  const [messages, setMessages] = useState<ChatMessage[]>([]);
  const [loading, setLoading] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const messagesRef = useRef(messages);
  const sourceRef = useRef(source);
  useLayoutEffect(() => {
    messagesRef.current = messages;
    sourceRef.current = source;
  });
  const { reconnects } = useRealtime();

  const merge = useCallback(
    (incoming: ChatMessage[]) => setMessages((current) => mergeMessages(current, incoming)),
    [],
  );

  const resync = useCallback(async () => {
    const id = sourceRef.current.conversationId;
    if (!id) return;
    let after = highestSeq(messagesRef.current);
    for (let round = 0; round < 20; round++) {
      const page = await sourceRef.current.fetchAfter(id, after);
      merge(page.messages);
      if (!page.hasMore || page.messages.length === 0) break;
      after = page.messages.at(-1)?.seq ?? after;
    }
  }, [merge]);

  useEffect(() => {
    // Keep what belongs to this conversation, including a first send made before it had an id.
    // eslint-disable-next-line react-hooks/set-state-in-effect -- resetting for a newly selected conversation
    setMessages((current) =>
      current.filter((message) => message.conversationId === conversationId || message.conversationId === ""),
    );
    if (!conversationId) return;
    let cancelled = false;
    setLoading(true);
    setError(null);
    sourceRef.current
      .fetchLatest(conversationId)
      .then((page) => !cancelled && merge(page.messages))
      .catch(
        (cause: unknown) => !cancelled && setError(cause instanceof Error ? cause.message : "Could not load messages"),
      )
      .finally(() => !cancelled && setLoading(false));
    return () => {
      cancelled = true;
    };
  }, [conversationId, merge]);

  useEffect(() => {
    if (reconnects > 0) void resync();
  }, [reconnects, resync]);

  useChannelEvents(channelName, {
    "message.created": (data) => {
      const event = data as MessageCreatedEvent;
      const incoming = event.message as MessageView;
      const expectedSeq = highestSeq(messagesRef.current) + 1;
      if (event.resync || incoming.seq > expectedSeq) {
        void resync();
        if (event.resync) return;
      }
      merge([incoming]);
    },
    "message.updated": (data) => {
      const { message } = data as { message: MessageDeliveryUpdate };
      setMessages((current) => applyDeliveryUpdate(current, message));
    },
  });

  const send = useCallback(
    async (
      body: string,
      options: SendOptions,
      deliver: (clientMessageId: string) => Promise<{ message: MessageView }>,
      reuseClientMessageId?: string,
    ) => {
      const clientMessageId = reuseClientMessageId ?? newClientMessageId();
      merge([
        optimisticMessage({
          conversationId: sourceRef.current.conversationId ?? "",
          direction: options.direction,
          senderType: options.senderType,
          body,
          clientMessageId,
        }),
      ]);
      const mark = (localState: "reconnecting" | "failed", failure?: string) =>
        setMessages((current) =>
          current.map((message) =>
            message.clientMessageId === clientMessageId && message.localState
              ? { ...message, localState, failure: localState === "failed" ? failure : undefined }
              : message,
          ),
        );
      try {
        for (let attempt = 0; ; attempt++) {
          try {
            const { message } = await deliver(clientMessageId);
            merge([message]);
            return message;
          } catch (cause) {
            const delay = SEND_RETRY_DELAYS_MS[attempt];
            if (delay === undefined || !isRetriableSendError(cause)) throw cause;
            // Same id on every repeat: the server stores it once however many of them arrive.
            mark("reconnecting");
            await new Promise((resolve) => setTimeout(resolve, delay));
          }
        }
      } catch (cause) {
        mark("failed", cause instanceof Error ? cause.message : undefined);
        throw cause;
      }
    },
    [merge],
  );

  return { messages, loading, error, send, resync };
}
