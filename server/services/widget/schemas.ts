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

/**
 * Who the host page says its signed-in user is (`Switchboard('identify', …)`). The user id is
 * taken exactly as given (the hash is computed over these bytes); name and e-mail only fill the contact.
 */
export const WidgetIdentity = z.strictObject({
  userId: z
    .string({ error: "identity.userId is required" })
    .min(1, "identity.userId cannot be empty")
    .max(200, "identity.userId is too long (at most 200 characters)")
    .refine((value) => !value.includes("\u0000"), "identity.userId contains an invalid character (NUL)"),
  userHash: z
    .string()
    .max(128, "identity.userHash is too long")
    .regex(/^[0-9a-fA-F]*$/, "identity.userHash must be the hex HMAC-SHA256 of the user id")
    .optional(),
  name: z.string().trim().max(200, "identity.name is too long (at most 200 characters)").optional(),
  email: z.email("identity.email is not an e-mail address").max(254, "identity.email is too long").optional(),
});
export type WidgetIdentity = z.infer<typeof WidgetIdentity>;

export const StartWidgetSessionInput = z.strictObject({
  inboxToken: InboxToken,
  visitorToken: VisitorToken.optional(),
  identity: WidgetIdentity.optional(),
});
export type StartWidgetSessionInput = z.infer<typeof StartWidgetSessionInput>;

export const WidgetCredentials = z.strictObject({ inboxToken: InboxToken, visitorToken: VisitorToken });
export type WidgetCredentials = z.infer<typeof WidgetCredentials>;

export const SendWidgetMessageInput = WidgetCredentials.extend({
  body: MessageBody,
  clientMessageId: ClientMessageId,
  identity: WidgetIdentity.optional(),
});
export type SendWidgetMessageInput = z.infer<typeof SendWidgetMessageInput>;

export const ListWidgetMessagesInput = WidgetCredentials.extend({
  conversationId: EntityId,
  afterSeq: z.number().int().min(0).optional(),
  limit: z.number().int().min(1).max(200).default(100),
});
export type ListWidgetMessagesInput = z.infer<typeof ListWidgetMessagesInput>;

export const WidgetQueueInput = WidgetCredentials.extend({ conversationId: EntityId });
export type WidgetQueueInput = z.infer<typeof WidgetQueueInput>;

/** The visitor has seen their conversation up to `seq` (shown in a visible, focused widget). */
export const MarkWidgetReadInput = WidgetCredentials.extend({
  conversationId: EntityId,
  seq: z.int().min(1).max(2_147_483_647),
});
export type MarkWidgetReadInput = z.infer<typeof MarkWidgetReadInput>;
