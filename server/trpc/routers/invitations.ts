import { z } from "zod";
import { acceptInvitation } from "@/server/services/invitation/accept-invitation";
import { limitInvitationAttempts } from "@/server/services/invitation/attempt-limit";
import { findInvitation } from "@/server/services/invitation/find-invitation";
import { inviteMember } from "@/server/services/invitation/invite-member";
import { listInvitations } from "@/server/services/invitation/list-invitations";
import { revokeInvitation } from "@/server/services/invitation/revoke-invitation";
import {
  AcceptInvitationInput,
  InvitationLookup,
  InvitationRef,
  InviteMemberInput,
} from "@/server/services/invitation/schemas";
import { adminProcedure, createTRPCRouter, publicProcedure } from "../init";

export const invitationsRouter = createTRPCRouter({
  list: adminProcedure
    .input(z.strictObject({}).optional())
    .query(({ ctx }) => listInvitations(ctx.runtime.db, ctx.agent)),
  invite: adminProcedure
    .input(InviteMemberInput)
    .mutation(({ ctx, input }) => inviteMember(ctx.runtime.db, ctx.agent, input)),
  revoke: adminProcedure
    .input(InvitationRef)
    .mutation(({ ctx, input }) => revokeInvitation(ctx.runtime.db, ctx.agent, input)),
  /** For the person holding the link, before they sign up. */
  lookup: publicProcedure.input(InvitationLookup).query(async ({ ctx, input }) => {
    const found = await limitInvitationAttempts(ctx.runtime.limits, ctx.clientAddress, () =>
      findInvitation(ctx.runtime.db, input),
    );
    return { workspaceName: found.workspaceName, email: found.email, role: found.role, expiresAt: found.expiresAt };
  }),
  accept: publicProcedure
    .input(AcceptInvitationInput)
    .mutation(({ ctx, input }) =>
      limitInvitationAttempts(ctx.runtime.limits, ctx.clientAddress, () => acceptInvitation(ctx.runtime.db, input)),
    ),
});
