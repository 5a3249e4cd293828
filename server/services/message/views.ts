import type { AttachmentMeta, DeliveryStatus, MessageDirection, MessageSenderType } from "@/db/schema";
import { messages } from "@/db/schema";

export type MessageRow = typeof messages.$inferSelect;

export type MessageView = {
  id: string;
  conversationId: string;
  seq: number;
  direction: MessageDirection;
  senderType: MessageSenderType;
  senderUserId: string | null;
  senderContactId: string | null;
  body: string;
  attachments: AttachmentMeta[];
  clientMessageId: string | null;
  deliveryStatus: DeliveryStatus;
  /** The channel's reason when `deliveryStatus` is `failed`. */
  deliveryError: string | null;
  createdAt: string;
};

export function toMessageView(row: MessageRow): MessageView {
  return {
    id: row.id,
    conversationId: row.conversationId,
    seq: row.seq,
    direction: row.direction,
    senderType: row.senderType,
    senderUserId: row.senderUserId,
    senderContactId: row.senderContactId,
    body: row.body,
    attachments: row.attachments,
    clientMessageId: row.clientMessageId,
    deliveryStatus: row.deliveryStatus,
    deliveryError: row.deliveryError,
    createdAt: row.createdAt.toISOString(),
  };
}

/** What `message.updated` carries when a message's delivery moves on: small, and agents' only. */
export type MessageDeliveryUpdate = Pick<MessageView, "id" | "conversationId" | "deliveryStatus" | "deliveryError">;

export function toDeliveryUpdate(row: MessageRow): MessageDeliveryUpdate {
  return {
    id: row.id,
    conversationId: row.conversationId,
    deliveryStatus: row.deliveryStatus,
    deliveryError: row.deliveryError,
  };
}
