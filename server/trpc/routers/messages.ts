import { listMessages } from "@/server/services/message/list-messages";
import { ListMessagesInput, SendAgentReplyInput } from "@/server/services/message/schemas";
import { sendAgentReply } from "@/server/services/message/send-agent-reply";
import { agentProcedure, createTRPCRouter } from "../init";

export const messagesRouter = createTRPCRouter({
  list: agentProcedure
    .input(ListMessagesInput)
    .query(({ ctx, input }) =>
      listMessages(ctx.runtime.db, { workspaceId: ctx.agent.workspaceId, includeNotes: true }, input),
    ),
  send: agentProcedure
    .input(SendAgentReplyInput)
    .mutation(({ ctx, input }) => sendAgentReply(ctx.runtime, ctx.agent, input)),
});
