import { z } from "zod";
import { getRoutingReport } from "@/server/services/routing/get-routing-report";
import { getSupervisorOverview } from "@/server/services/routing/get-supervisor-overview";
import { getMyAvailability } from "@/server/services/routing/get-my-availability";
import { getRoutingSettings } from "@/server/services/routing/get-routing-settings";
import { publishRules } from "@/server/services/routing/publish-rules";
import { replayRules } from "@/server/services/routing/replay-rules";
import { saveCalendar } from "@/server/services/routing/save-calendar";
import { saveRuleDraft } from "@/server/services/routing/save-rule-draft";
import { saveSlaPolicy } from "@/server/services/routing/save-sla-policy";
import { saveTeam } from "@/server/services/routing/save-team";
import {
  AgentProfileInput,
  Availability,
  CalendarInput,
  InboxTeamInput,
  ReportInput,
  ReplayInput,
  SaveDraftInput,
  SlaPolicyInput,
  TeamInput,
  TestRulesInput,
  TransferInput,
  UpdateTeamInput,
} from "@/server/services/routing/schemas";
import { claimNext } from "@/server/services/routing/claim-next";
import { listTransferTargets } from "@/server/services/routing/list-transfer-targets";
import { transferConversation } from "@/server/services/routing/transfer-conversation";
import { setAvailability } from "@/server/services/routing/set-availability";
import { setInboxTeam } from "@/server/services/routing/set-inbox-team";
import { testRules } from "@/server/services/routing/test-rules";
import { updateAgentProfile } from "@/server/services/routing/update-agent-profile";
import { adminProcedure, agentProcedure, createTRPCRouter, supervisorProcedure } from "../init";

const None = z.strictObject({}).optional();

export const routingRouter = createTRPCRouter({
  myAvailability: agentProcedure.input(None).query(({ ctx }) => getMyAvailability(ctx.runtime.db, ctx.agent)),
  setAvailability: agentProcedure
    .input(Availability)
    .mutation(({ ctx, input }) => setAvailability(ctx.runtime, ctx.agent, input.availability)),
  claimNext: agentProcedure.input(None).mutation(({ ctx }) => claimNext(ctx.runtime, ctx.agent)),
  transferTargets: agentProcedure.input(None).query(({ ctx }) => listTransferTargets(ctx.runtime.db, ctx.agent)),
  transfer: agentProcedure
    .input(TransferInput)
    .mutation(({ ctx, input }) => transferConversation(ctx.runtime, ctx.agent, input)),
  overview: supervisorProcedure.input(None).query(({ ctx }) => getSupervisorOverview(ctx.runtime.db, ctx.agent)),
  report: supervisorProcedure
    .input(ReportInput)
    .query(({ ctx, input }) => getRoutingReport(ctx.runtime.db, ctx.agent, input)),
  settings: supervisorProcedure.input(None).query(({ ctx }) => getRoutingSettings(ctx.runtime.db, ctx.agent)),
  testRules: supervisorProcedure
    .input(TestRulesInput)
    .query(({ ctx, input }) => testRules(ctx.runtime.db, ctx.agent, input)),
  replay: supervisorProcedure
    .input(ReplayInput)
    .mutation(({ ctx, input }) => replayRules(ctx.runtime.db, ctx.agent, input)),
  createTeam: adminProcedure.input(TeamInput).mutation(({ ctx, input }) => saveTeam(ctx.runtime.db, ctx.agent, input)),
  updateTeam: adminProcedure
    .input(UpdateTeamInput)
    .mutation(({ ctx, input }) => saveTeam(ctx.runtime.db, ctx.agent, input)),
  updateAgentProfile: adminProcedure
    .input(AgentProfileInput)
    .mutation(({ ctx, input }) => updateAgentProfile(ctx.runtime.db, ctx.agent, input)),
  saveCalendar: adminProcedure
    .input(CalendarInput)
    .mutation(({ ctx, input }) => saveCalendar(ctx.runtime.db, ctx.agent, input)),
  saveSlaPolicy: adminProcedure
    .input(SlaPolicyInput)
    .mutation(({ ctx, input }) => saveSlaPolicy(ctx.runtime.db, ctx.agent, input)),
  setInboxTeam: adminProcedure
    .input(InboxTeamInput)
    .mutation(({ ctx, input }) => setInboxTeam(ctx.runtime.db, ctx.agent, input)),
  saveDraft: adminProcedure
    .input(SaveDraftInput)
    .mutation(({ ctx, input }) => saveRuleDraft(ctx.runtime.db, ctx.agent, input)),
  publish: adminProcedure.input(None).mutation(({ ctx }) => publishRules(ctx.runtime.db, ctx.agent)),
});
