import { assignConversation } from "@/server/services/conversation/assign-conversation";
import { changeConversationPriority } from "@/server/services/conversation/change-conversation-priority";
import { getConversation } from "@/server/services/conversation/get-conversation";
import { listConversations } from "@/server/services/conversation/list-conversations";
import { markConversationRead } from "@/server/services/conversation/mark-conversation-read";
import {
  AssignConversationInput,
  ChangeConversationPriorityInput,
  ConversationIdInput,
  ListConversationsInput,
} from "@/server/services/conversation/schemas";
import { reopenConversation, resolveConversation } from "@/server/services/conversation/set-conversation-status";
import { agentProcedure, createTRPCRouter } from "../init";

export const conversationsRouter = createTRPCRouter({
  list: agentProcedure
    .input(ListConversationsInput)
    .query(({ ctx, input }) => listConversations(ctx.runtime.db, ctx.agent, input)),
  get: agentProcedure
    .input(ConversationIdInput)
    .query(({ ctx, input }) => getConversation(ctx.runtime.db, ctx.agent, input.conversationId)),
  markRead: agentProcedure
    .input(ConversationIdInput)
    .mutation(({ ctx, input }) => markConversationRead(ctx.runtime, ctx.agent, input.conversationId)),
  resolve: agentProcedure
    .input(ConversationIdInput)
    .mutation(({ ctx, input }) => resolveConversation(ctx.runtime, ctx.agent, input.conversationId)),
  reopen: agentProcedure
    .input(ConversationIdInput)
    .mutation(({ ctx, input }) => reopenConversation(ctx.runtime, ctx.agent, input.conversationId)),
  assign: agentProcedure
    .input(AssignConversationInput)
    .mutation(({ ctx, input }) => assignConversation(ctx.runtime, ctx.agent, input)),
  setPriority: agentProcedure
    .input(ChangeConversationPriorityInput)
    .mutation(({ ctx, input }) => changeConversationPriority(ctx.runtime, ctx.agent, input)),
});
