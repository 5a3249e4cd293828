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
    createdAt: row.createdAt.toISOString(),
  };
}
