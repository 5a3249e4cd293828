import { changeMemberRole } from "@/server/services/workspace/change-member-role";
import { deactivateMember } from "@/server/services/workspace/deactivate-member";
import { z } from "zod";
import { listMembers } from "@/server/services/workspace/list-members";
import { reactivateMember } from "@/server/services/workspace/reactivate-member";
import { removeMember } from "@/server/services/workspace/remove-member";
import { ChangeMemberRoleInput, MemberRef } from "@/server/services/workspace/schemas";
import { adminProcedure, agentProcedure, createTRPCRouter } from "../init";

export const workspaceRouter = createTRPCRouter({
  // no arguments, but unknown fields are refused here as everywhere else
  members: agentProcedure
    .input(z.strictObject({}).optional())
    .query(({ ctx }) => listMembers(ctx.runtime.db, ctx.agent)),
  changeMemberRole: adminProcedure
    .input(ChangeMemberRoleInput)
    .mutation(({ ctx, input }) => changeMemberRole(ctx.runtime.db, ctx.agent, input)),
  deactivateMember: adminProcedure
    .input(MemberRef)
    .mutation(({ ctx, input }) => deactivateMember(ctx.runtime.db, ctx.agent, input)),
  reactivateMember: adminProcedure
    .input(MemberRef)
    .mutation(({ ctx, input }) => reactivateMember(ctx.runtime.db, ctx.agent, input)),
  removeMember: adminProcedure
    .input(MemberRef)
    .mutation(({ ctx, input }) => removeMember(ctx.runtime, ctx.agent, input)),
});
