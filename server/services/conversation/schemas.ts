import { z } from "zod";
import { conversationPriority, conversationStatus } from "@/db/schema";
import { ClientMessageId, EntityId, MessageBody } from "../message/schemas";

export const ListConversationsInput = z.strictObject({
  status: z.enum([...conversationStatus.enumValues, "all"]).default("open"),
  assignee: z.union([z.enum(["me", "unassigned", "any"]), EntityId]).default("any"),
  /** "mine": only conversations of the teams the agent belongs to. */
  team: z.enum(["mine"]).optional(),
  inboxId: EntityId.optional(),
  priority: z.enum(conversationPriority.enumValues).optional(),
  cursor: z.string().max(200).optional(),
  limit: z.number().int().min(1).max(100).default(30),
  /** Sent by TanStack infinite queries along with the cursor; the list only pages forward. */
  direction: z.enum(["forward", "backward"]).optional(),
});
export type ListConversationsInput = z.infer<typeof ListConversationsInput>;

export const ConversationIdInput = z.strictObject({ conversationId: EntityId });
export type ConversationIdInput = z.infer<typeof ConversationIdInput>;

export const AssignConversationInput = z.strictObject({ conversationId: EntityId, assigneeId: EntityId.nullable() });
export type AssignConversationInput = z.infer<typeof AssignConversationInput>;

export const ChangeConversationPriorityInput = z.strictObject({
  conversationId: EntityId,
  priority: z.enum(conversationPriority.enumValues),
});
export type ChangeConversationPriorityInput = z.infer<typeof ChangeConversationPriorityInput>;

/** An agent opens a conversation with a contact on one of the inboxes the contact is reachable on. */
export const StartConversationInput = z.strictObject({
  contactId: EntityId,
  inboxId: EntityId,
  body: MessageBody,
  clientMessageId: ClientMessageId,
});
export type StartConversationInput = z.infer<typeof StartConversationInput>;
