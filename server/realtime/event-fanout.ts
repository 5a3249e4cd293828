import type { StoredEvent } from "@/server/services/outbox/record-event";
import { channelNames } from "./channel-names";

export type RealtimeDelivery = {
  channels: string[];
  name: string;
  data: unknown;
};

/** Pusher rejects event payloads over 10 KB; larger messages travel as a resync hint. */
export const MAX_REALTIME_PAYLOAD_BYTES = 9_000;

// A delivery's data is encoded once: to check its size here, then reused by the publisher.
const encodings = new WeakMap<object, string>();

/** `data` as JSON, encoded once per object however many channels and checks it goes through. */
export function encodeData(data: unknown): string {
  if (typeof data !== "object" || data === null) return JSON.stringify(data);
  let encoded = encodings.get(data);
  if (encoded === undefined) encodings.set(data, (encoded = JSON.stringify(data)));
  return encoded;
}

function fitsPayload(data: unknown): boolean {
  return Buffer.byteLength(encodeData(data)) <= MAX_REALTIME_PAYLOAD_BYTES;
}

type MessagePayload = {
  message: {
    id: string;
    conversationId: string;
    seq: number;
    direction: string;
  };
  conversation: unknown;
};

function messageDeliveries(event: StoredEvent): RealtimeDelivery[] {
  const payload = event.payload as MessagePayload;
  const { message } = payload;
  const full = { ...payload, eventId: event.id };
  const fits = fitsPayload(full);
  const data = fits
    ? full
    : {
        eventId: event.id,
        resync: true,
        message: {
          id: message.id,
          conversationId: message.conversationId,
          seq: message.seq,
        },
      };
  const channels = [channelNames.workspace(event.workspaceId), channelNames.conversation(message.conversationId)];
  const deliveries: RealtimeDelivery[] = [{ channels, name: event.type, data }];
  if (message.direction !== "note") {
    const forVisitor = fits
      ? { eventId: event.id, message: payload.message }
      : {
          eventId: event.id,
          resync: true,
          message: { id: message.id, seq: message.seq },
        };
    deliveries.push({
      channels: [channelNames.widgetConversation(message.conversationId)],
      name: event.type,
      data: forVisitor,
    });
  }
  return deliveries;
}

/** Which realtime channels hear about a committed domain event, and with what payload. */
export function realtimeDeliveriesFor(event: StoredEvent): RealtimeDelivery[] {
  if (event.type === "message.created") return messageDeliveries(event);
  const data = { ...event.payload, eventId: event.id };
  const channels = [channelNames.workspace(event.workspaceId)];
  if (event.conversationId) channels.push(channelNames.conversation(event.conversationId));
  const deliveries: RealtimeDelivery[] = [{ channels, name: event.type, data }];
  // Visitors hear only that their conversation was resolved or reopened, never who handles it.
  if (event.type === "conversation.updated" && event.conversationId && event.payload.status !== undefined) {
    deliveries.push({
      channels: [channelNames.widgetConversation(event.conversationId)],
      name: event.type,
      data: {
        eventId: event.id,
        conversationId: event.conversationId,
        status: event.payload.status,
      },
    });
  }
  // Visitors see how far the agents have read (ticks on their messages), never which agent read.
  const agentRead = event.payload.agentLastReadSeq;
  if (event.type === "conversation.read" && event.conversationId && typeof agentRead === "number") {
    deliveries.push({
      channels: [channelNames.widgetConversation(event.conversationId)],
      name: event.type,
      data: { eventId: event.id, conversationId: event.conversationId, agentLastReadSeq: agentRead },
    });
  }
  return deliveries;
}
