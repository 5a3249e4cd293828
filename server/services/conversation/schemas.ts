import { z } from "zod";
import { conversationPriority, conversationStatus } from "@/db/schema";
import { EntityId } from "../message/schemas";

export const ListConversationsInput = z.object({
  status: z.enum([...conversationStatus.enumValues, "all"]).default("open"),
  assignee: z.union([z.enum(["me", "unassigned", "any"]), EntityId]).default("any"),
  inboxId: EntityId.optional(),
  priority: z.enum(conversationPriority.enumValues).optional(),
  cursor: z.string().max(200).optional(),
  limit: z.number().int().min(1).max(100).default(30),
});
export type ListConversationsInput = z.infer<typeof ListConversationsInput>;

export const ConversationIdInput = z.object({ conversationId: EntityId });
export type ConversationIdInput = z.infer<typeof ConversationIdInput>;

export const AssignConversationInput = z.object({ conversationId: EntityId, assigneeId: EntityId.nullable() });
export type AssignConversationInput = z.infer<typeof AssignConversationInput>;

export const ChangeConversationPriorityInput = z.object({
  conversationId: EntityId,
  priority: z.enum(conversationPriority.enumValues),
});
export type ChangeConversationPriorityInput = z.infer<typeof ChangeConversationPriorityInput>;
