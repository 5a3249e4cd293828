import { z } from "zod";
import { ClientMessageId, EntityId, MessageBody } from "../message/schemas";

export const InboxToken = z
  .string({ error: "Inbox token is required" })
  .min(8, "Unknown inbox")
  .max(128, "Unknown inbox")
  .regex(/^[A-Za-z0-9_-]+$/, "Unknown inbox");

export const VisitorToken = z
  .string()
  .min(10)
  .max(200)
  .regex(/^[A-Za-z0-9_.-]+$/, "Invalid visitor token");

export const StartWidgetSessionInput = z.strictObject({
  inboxToken: InboxToken,
  visitorToken: VisitorToken.optional(),
});
export type StartWidgetSessionInput = z.infer<typeof StartWidgetSessionInput>;

export const WidgetCredentials = z.strictObject({ inboxToken: InboxToken, visitorToken: VisitorToken });
export type WidgetCredentials = z.infer<typeof WidgetCredentials>;

export const SendWidgetMessageInput = WidgetCredentials.extend({
  body: MessageBody,
  clientMessageId: ClientMessageId,
});
export type SendWidgetMessageInput = z.infer<typeof SendWidgetMessageInput>;

export const ListWidgetMessagesInput = WidgetCredentials.extend({
  conversationId: EntityId,
  afterSeq: z.number().int().min(0).optional(),
  limit: z.number().int().min(1).max(200).default(100),
});
export type ListWidgetMessagesInput = z.infer<typeof ListWidgetMessagesInput>;
