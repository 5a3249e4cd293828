import { listMembers } from "@/server/services/workspace/list-members";
import { agentProcedure, createTRPCRouter } from "../init";

export const workspaceRouter = createTRPCRouter({
  members: agentProcedure.query(({ ctx }) => listMembers(ctx.runtime.db, ctx.agent)),
});
