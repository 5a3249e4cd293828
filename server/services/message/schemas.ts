import { z } from "zod";

export const MAX_MESSAGE_LENGTH = 10_000;

export const MessageBody = z
  .string({ error: "Message text is required" })
  .transform((body) => body.replace(/\r\n/g, "\n").trim())
  .pipe(
    z
      .string()
      .min(1, "Message cannot be empty")
      .max(MAX_MESSAGE_LENGTH, `Message is too long (at most ${MAX_MESSAGE_LENGTH} characters)`)
      // PostgreSQL text cannot store NUL; refuse it here rather than fail inside the insert.
      .refine((body) => !body.includes("\u0000"), "Message contains an invalid character (NUL)"),
  );

export const ClientMessageId = z
  .string()
  .min(8, "clientMessageId must be 8 to 64 characters")
  .max(64, "clientMessageId must be 8 to 64 characters")
  .regex(/^[A-Za-z0-9_-]+$/, "clientMessageId may only contain letters, digits, '-' and '_'");

export const EntityId = z
  .string()
  .min(3)
  .max(64)
  .regex(/^[a-z]+_[0-9a-z]+$/, "Not a valid id");

export const SendAgentReplyInput = z.strictObject({
  conversationId: EntityId,
  body: MessageBody,
  clientMessageId: ClientMessageId,
  private: z.boolean().default(false),
});
export type SendAgentReplyInput = z.infer<typeof SendAgentReplyInput>;

export const ListMessagesInput = z.strictObject({
  conversationId: EntityId,
  /** Resync after reconnect: everything newer than the last seq the client holds. */
  afterSeq: z.number().int().min(0).optional(),
  /** Paging back in history: everything older than the oldest seq shown. */
  beforeSeq: z.number().int().min(1).optional(),
  limit: z.number().int().min(1).max(200).default(100),
});
export type ListMessagesInput = z.infer<typeof ListMessagesInput>;
