import type { MessageDeliveryUpdate, MessageView } from "@/server/services/message/views";

/**
 * A message on screen: stored (has a seq) or still on its way: `pending`, `reconnecting` (the
 * server was briefly unavailable and the send is being repeated with the same id) or `failed`.
 */
export type ChatMessage = MessageView & {
  localState?: "pending" | "reconnecting" | "failed";
  /** Why the last attempt failed, in the server's words (e.g. a rate limit). */
  failure?: string;
};

/** Waits before each automatic repeat of a send the server could not take just now. */
export const SEND_RETRY_DELAYS_MS = [500, 1000, 2000, 4000, 8000] as const;

/**
 * A send worth repeating by itself: the app said 503 (nothing was stored, try again), a proxy
 * or a starting server answered 502/503/504, or nothing answered (network, restart). The client
 * message id makes the repeat safe. Every other answer (4xx, 500) is final.
 */
export function isRetriableSendError(error: unknown): boolean {
  if (typeof error !== "object" || error === null) return false;
  const { name, data, meta, cause } = error as {
    name?: string;
    data?: { httpStatus?: number; code?: string } | null;
    meta?: { response?: { status?: number } };
    cause?: unknown;
  };
  if (data) return data.httpStatus === 503 || data.code === "SERVICE_UNAVAILABLE";
  const status = meta?.response?.status;
  if (status !== undefined) return status === 502 || status === 503 || status === 504;
  return name === "TRPCClientError" && (cause === undefined || cause instanceof TypeError);
}

/**
 * Merges messages from any source (page load, resync, realtime, send result) into one
 * ordered list. Identity is the server id, or the client message id for optimistic
 * copies, so nothing is shown twice whatever order the sources arrive in.
 */
export function mergeMessages(current: ChatMessage[], incoming: ChatMessage[]): ChatMessage[] {
  const byKey = new Map<string, ChatMessage>();
  const keyOf = (message: ChatMessage) =>
    message.clientMessageId ? `c:${message.clientMessageId}` : `i:${message.id}`;
  for (const message of [...current, ...incoming]) {
    const key = keyOf(message);
    const previous = byKey.get(key);
    if (!previous || previous.localState || !message.localState) byKey.set(key, message);
  }
  return [...byKey.values()].sort((a, b) => {
    if (a.localState && !b.localState) return 1;
    if (!a.localState && b.localState) return -1;
    return a.seq - b.seq || a.createdAt.localeCompare(b.createdAt);
  });
}

/** A stored message's delivery moved on (sent, failed with the channel's reason, replayed). */
export function applyDeliveryUpdate(current: ChatMessage[], update: MessageDeliveryUpdate): ChatMessage[] {
  if (!current.some((message) => message.id === update.id)) return current;
  return current.map((message) =>
    message.id === update.id
      ? { ...message, deliveryStatus: update.deliveryStatus, deliveryError: update.deliveryError }
      : message,
  );
}

export function highestSeq(messages: ChatMessage[]): number {
  return messages.reduce((max, message) => (message.localState ? max : Math.max(max, message.seq)), 0);
}

export function newClientMessageId(): string {
  const bytes = new Uint8Array(12);
  crypto.getRandomValues(bytes);
  return `cm_${Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("")}`;
}

export function optimisticMessage(
  fields: Pick<MessageView, "conversationId" | "direction" | "senderType" | "body"> & { clientMessageId: string },
): ChatMessage {
  return {
    id: `local_${fields.clientMessageId}`,
    seq: Number.MAX_SAFE_INTEGER,
    senderUserId: null,
    senderContactId: null,
    attachments: [],
    deliveryStatus: "queued",
    deliveryError: null,
    createdAt: new Date().toISOString(),
    localState: "pending",
    ...fields,
  };
}
