import { and, eq } from "drizzle-orm";
import type { Executor } from "@/db";
import { inboxes, teams } from "@/db/schema";
import type { AgentActor } from "@/server/actor";
import { NotFoundError } from "@/server/errors";
import { ALWAYS_OPEN, isOpen } from "@/server/routing/business-hours";
import { chooseAgent } from "@/server/routing/candidates";
import { evaluateRules, type RoutingRule } from "@/server/routing/rules";
import { lockCandidates, teamMemberIds } from "./assign-from-team";
import { publishedRules, teamSettings } from "./routing-config";
import type { TestRulesInput } from "./schemas";

/**
 * The rule tester: which rules a sample message would match and what would happen — priority,
 * team, skills, labels, replies, and which agent would be chosen right now — without changing
 * anything.
 */
export async function testRules(db: Executor, actor: AgentActor, input: TestRulesInput) {
  const workspaceId = actor.workspaceId;
  const [inbox] = await db
    .select({ id: inboxes.id, channelType: inboxes.channelType, defaultTeamId: inboxes.defaultTeamId })
    .from(inboxes)
    .where(and(eq(inboxes.workspaceId, workspaceId), eq(inboxes.id, input.inboxId)));
  if (!inbox) throw new NotFoundError("Inbox not found");
  const rules = (input.rules as RoutingRule[] | undefined) ?? (await publishedRules(db, workspaceId)).rules;
  const at = input.at ?? new Date();
  const defaultTeam = inbox.defaultTeamId ? await teamSettings(db, workspaceId, inbox.defaultTeamId) : null;
  const evaluation = evaluateRules(rules, {
    inboxId: inbox.id,
    channel: inbox.channelType,
    contactAttributes: input.contactAttributes,
    text: input.text,
    language: input.language,
    insideBusinessHours: isOpen(defaultTeam?.calendar ?? ALWAYS_OPEN, at),
  });
  const teamId = evaluation.outcome.teamId ?? inbox.defaultTeamId;
  const [team] = teamId
    ? await db
        .select({ id: teams.id, name: teams.name })
        .from(teams)
        .where(and(eq(teams.workspaceId, workspaceId), eq(teams.id, teamId)))
    : [];
  let assignment: ReturnType<typeof chooseAgent> | null = null;
  if (team) {
    const settings = await teamSettings(db, workspaceId, team.id);
    const candidates = await lockCandidates(db, workspaceId, await teamMemberIds(db, workspaceId, team.id), {
      lock: false,
    });
    assignment = chooseAgent({ strategy: settings.strategy, candidates, requiredSkills: evaluation.outcome.skills });
  }
  return {
    matched: evaluation.matched,
    trace: evaluation.trace,
    stoppedBy: evaluation.stoppedBy,
    outcome: evaluation.outcome,
    team: team ?? null,
    assignment: assignment
      ? { summary: assignment.summary, chosen: assignment.chosen?.name ?? null, verdicts: assignment.verdicts }
      : null,
  };
}
