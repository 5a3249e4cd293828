import { z } from "zod";
import { listMembers } from "@/server/services/workspace/list-members";
import { agentProcedure, createTRPCRouter } from "../init";

export const workspaceRouter = createTRPCRouter({
  // no arguments, but unknown fields are refused here as everywhere else
  members: agentProcedure
    .input(z.strictObject({}).optional())
    .query(({ ctx }) => listMembers(ctx.runtime.db, ctx.agent)),
});
