import { z } from "zod";
import { sessionPolicyFrom } from "@/server/services/session/session-policy";
import { changePassword } from "@/server/services/account/change-password";
import { endOtherSessions } from "@/server/services/account/end-other-sessions";
import { endOwnSession } from "@/server/services/account/end-own-session";
import { listSessions } from "@/server/services/account/list-sessions";
import { getProfile } from "@/server/services/account/get-profile";
import {
  ChangePasswordInput,
  EndOtherSessionsInput,
  EndSessionInput,
  UpdateProfileInput,
} from "@/server/services/account/schemas";
import { updateProfile } from "@/server/services/account/update-profile";
import { env } from "@/server/env";
import { agentProcedure, createTRPCRouter } from "../init";

export const accountRouter = createTRPCRouter({
  profile: agentProcedure
    .input(z.strictObject({}).optional())
    .query(({ ctx }) => getProfile(ctx.runtime.db, ctx.agent)),
  updateProfile: agentProcedure
    .input(UpdateProfileInput)
    .mutation(({ ctx, input }) => updateProfile(ctx.runtime.db, ctx.agent, input)),
  sessions: agentProcedure
    .input(z.strictObject({}).optional())
    .query(({ ctx }) => listSessions(ctx.runtime.db, sessionPolicyFrom(env()), ctx.agent)),
  endSession: agentProcedure
    .input(EndSessionInput)
    .mutation(({ ctx, input }) => endOwnSession(ctx.runtime.db, ctx.agent, input)),
  endOtherSessions: agentProcedure
    .input(EndOtherSessionsInput)
    .mutation(({ ctx, input }) => endOtherSessions(ctx.runtime.db, ctx.agent, input)),
  changePassword: agentProcedure
    .input(ChangePasswordInput)
    .mutation(({ ctx, input }) => changePassword(ctx.runtime.db, ctx.agent, input)),
});
