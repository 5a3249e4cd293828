import "zod-openapi";
import { z } from "zod";
import { ClientMessageId, EntityId, MessageBody } from "@/server/services/message/schemas";
import { InboxToken } from "@/server/services/widget/schemas";

/**
 * The API channel's wire format: every request is parsed with these strict schemas and the
 * OpenAPI document is generated from them, so the documentation cannot drift from the code.
 */

// Control characters would end up in logs and the agent's screen; ids never need them.
const printable = (value: string) => !/[\u0000-\u001f\u007f]/.test(value);

export const ApiUserId = z
  .string()
  .min(1, "userId cannot be empty")
  .max(255, "userId is too long (at most 255 characters)")
  .refine(printable, "userId contains control characters")
  .meta({ description: "Your application's id for the signed-in user.", example: "dana-demo" });

export const CreateApiUserBody = z
  .strictObject({
    inboxToken: InboxToken.meta({ description: "The API inbox's public token." }),
    userId: ApiUserId.optional(),
    userHash: z
      .string()
      .max(128, "userHash is too long")
      .optional()
      .meta({ description: "Hex HMAC-SHA256 of userId under the inbox's identity secret, computed by your backend." }),
    name: z.string().trim().min(1).max(200).optional(),
    email: z.email("email is not a valid address").max(320).optional(),
  })
  .meta({ id: "CreateApiUserBody" });
export type CreateApiUserBody = z.infer<typeof CreateApiUserBody>;

export const ApiUserSession = z
  .strictObject({
    token: z.string().meta({ description: "Send as `Authorization: Bearer <token>`." }),
    expiresAt: z.iso.datetime(),
    refreshableUntil: z.iso.datetime(),
    user: z.strictObject({
      id: z.string().meta({ description: "Your userId when verified, else the anonymous user's id." }),
      verified: z.boolean(),
    }),
  })
  .meta({ id: "ApiUserSession" });
export type ApiUserSession = z.infer<typeof ApiUserSession>;

export const ApiMessage = z
  .strictObject({
    id: z.string(),
    conversationId: z.string(),
    seq: z.int().min(1),
    direction: z.enum(["inbound", "outbound"]).meta({ description: "`inbound`: from the user; `outbound`: a reply." }),
    senderType: z.enum(["contact", "agent", "system"]),
    senderUserId: z.string().nullable(),
    senderContactId: z.string().nullable(),
    body: z.string(),
    attachments: z.array(
      z.strictObject({ name: z.string(), contentType: z.string(), sizeBytes: z.int(), url: z.string() }),
    ),
    clientMessageId: z.string().nullable(),
    deliveryStatus: z.enum(["queued", "sent", "delivered", "read", "failed"]),
    deliveryError: z.string().nullable().meta({ description: "Why a reply could not be delivered, when it failed." }),
    createdAt: z.iso.datetime(),
  })
  .meta({ id: "Message" });
export type ApiMessage = z.infer<typeof ApiMessage>;

export const ApiConversation = z
  .strictObject({
    id: z.string(),
    status: z.enum(["open", "pending", "snoozed", "resolved"]),
    lastSeq: z.int().min(0),
    contactLastReadSeq: z.int().min(0),
    lastMessagePreview: z.string().nullable(),
    lastActivityAt: z.iso.datetime(),
    createdAt: z.iso.datetime(),
    realtimeChannel: z.string().meta({ description: "The pusher channel that carries this conversation's messages." }),
  })
  .meta({ id: "Conversation" });
export type ApiConversation = z.infer<typeof ApiConversation>;

const OutgoingMessage = z.strictObject({
  body: MessageBody,
  clientMessageId: ClientMessageId.optional().meta({
    description:
      "Your key for this message; a retry with the same key stores it once. The Idempotency-Key header wins.",
  }),
});

export const SendApiMessageBody = OutgoingMessage.meta({ id: "SendMessageBody" });
export type SendApiMessageBody = z.infer<typeof SendApiMessageBody>;

export const OpenApiConversationBody = z
  .strictObject({ message: OutgoingMessage.optional().meta({ description: "The first message, if any." }) })
  .meta({ id: "OpenConversationBody" });
export type OpenApiConversationBody = z.infer<typeof OpenApiConversationBody>;

export const ApiConversationPath = z.strictObject({ id: EntityId.meta({ description: "Conversation id." }) });

export const ListApiMessagesQuery = z.strictObject({
  after: z.coerce
    .number({ error: "after must be a number" })
    .int()
    .min(0)
    .optional()
    .meta({ description: "Only messages with a higher seq (resync after reconnect)." }),
  limit: z.coerce.number({ error: "limit must be a number" }).int().min(1).max(200).default(100),
});
export type ListApiMessagesQuery = z.infer<typeof ListApiMessagesQuery>;

export const MarkApiReadBody = z
  .strictObject({ seq: z.int("seq must be a whole number").min(0).meta({ description: "The last seq the user saw." }) })
  .meta({ id: "MarkReadBody" });
export type MarkApiReadBody = z.infer<typeof MarkApiReadBody>;

export const ApiRealtimeAuthBody = z.strictObject({
  socket_id: z.string().regex(/^\d+\.\d+$/, "socket_id is malformed"),
  channel_name: z.string().min(1).max(200),
});
export type ApiRealtimeAuthBody = z.infer<typeof ApiRealtimeAuthBody>;

export const IdempotencyKeyHeader = ClientMessageId.meta({
  description: "Makes the send safe to retry: the same key from the same user stores one message.",
});

export const ApiMessageResult = z
  .strictObject({
    message: ApiMessage,
    created: z.boolean().meta({ description: "False when this key was used before: the stored message is returned." }),
  })
  .meta({ id: "MessageResult" });

export const ApiConversationResult = z
  .strictObject({
    conversation: ApiConversation,
    created: z.boolean(),
    message: ApiMessageResult.nullable(),
  })
  .meta({ id: "ConversationResult" });

export const ApiConversationList = z.strictObject({ conversations: z.array(ApiConversation) });
export const ApiMessageList = z.strictObject({
  messages: z.array(ApiMessage),
  hasMore: z.boolean().meta({ description: "More messages follow the last one: ask again with after=<its seq>." }),
});
export const ApiReadResult = z.strictObject({ conversationId: z.string(), contactLastReadSeq: z.int().min(0) });
export const ApiRealtimeAuthResult = z.strictObject({ auth: z.string(), channel_data: z.string().optional() });

export const ApiError = z
  .strictObject({
    error: z.strictObject({
      code: z.enum([
        "BAD_REQUEST",
        "UNAUTHORIZED",
        "FORBIDDEN",
        "NOT_FOUND",
        "METHOD_NOT_ALLOWED",
        "CONFLICT",
        "PAYLOAD_TOO_LARGE",
        "TOO_MANY_REQUESTS",
        "SERVICE_UNAVAILABLE",
        "INTERNAL_SERVER_ERROR",
      ]),
      message: z.string().meta({ description: "Written for a person; safe to show." }),
    }),
  })
  .meta({ id: "Error" });
