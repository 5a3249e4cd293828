import type { Transaction } from "@/db";
import { rawBatch } from "@/db/raw-query";
import { NotFoundError } from "@/server/errors";
import { ALWAYS_OPEN, isOpen } from "@/server/routing/business-hours";
import { chooseAgent, type AgentCandidate, type AgentChoice } from "@/server/routing/candidates";
import { evaluateRules, type RoutingOutcome } from "@/server/routing/rules";
import { nextDue, slaDueTimes } from "@/server/routing/sla";
import { appendMessage } from "../message/append-message";
import type { StoredEvent } from "../outbox/record-event";
import { candidatesOf } from "./assign-from-team";
import { routingConfigAt } from "./cached-config";
import {
  agentProfiles,
  assignConversation,
  insertDecision,
  insertEvent,
  lockConversationToRoute,
  openCountsOf,
  writeRoutingOutcome,
} from "./routing-statements";

export type RouteTrigger = "new_conversation" | "reopened";

export type RouteResult = { assigneeId: string | null; teamId: string | null; summary: string; events: StoredEvent[] };

/**
 * Routes a conversation inside the caller's transaction: the published rules decide priority,
 * team, skills, labels and auto-replies; the SLA clocks start; then the team's best online
 * agent with the skills and room gets it, or it waits in the team's queue. The decision is
 * stored with its reasons.
 */
export async function routeConversation(
  tx: Transaction,
  input: { workspaceId: string; conversationId: string; trigger: RouteTrigger; text: string; now: Date },
): Promise<RouteResult> {
  const { workspaceId, now } = input;
  // The conversation (locked), what rules look at, and the configuration version: one round trip.
  const conversation = await lockConversationToRoute(tx, workspaceId, input.conversationId);
  if (!conversation) throw new NotFoundError("Conversation not found");
  const context = conversation;
  const config = await routingConfigAt(tx, workspaceId, context.configVersion);

  const defaultTeam = context.defaultTeamId ? (config.teams.get(context.defaultTeamId) ?? null) : null;
  const language = typeof context.attributes.language === "string" ? context.attributes.language : null;
  const evaluation = evaluateRules(config.ruleSet.rules, {
    inboxId: conversation.inboxId,
    channel: context.channel,
    contactAttributes: context.attributes,
    text: input.text,
    language,
    insideBusinessHours: defaultTeam ? isOpen(defaultTeam.calendar, now) : true,
  });
  const outcome: RoutingOutcome = evaluation.outcome;
  // A rule may name a team deleted since; a team of another workspace is never one.
  const ruleTeam = outcome.teamId && config.teams.has(outcome.teamId) ? outcome.teamId : null;
  // A rule decides first; a conversation already in a team (reopened, moved by hand) stays there.
  const teamId = ruleTeam ?? conversation.teamId ?? context.defaultTeamId ?? null;
  const team = teamId ? (config.teams.get(teamId) ?? null) : null;
  const priority = outcome.priority ?? conversation.priority;

  const slaPolicy = config.sla.get(priority);
  const policy = slaPolicy
    ? { ...slaPolicy, calendar: slaPolicy.calendar ?? team?.calendar ?? defaultTeam?.calendar ?? ALWAYS_OPEN }
    : null;
  const due = policy
    ? slaDueTimes(policy, policy.calendar, {
        createdAt: conversation.createdAt,
        firstResponseAt: conversation.firstResponseAt,
        awaitingReplySince: conversation.awaitingReplySince ?? now,
        resolvedAt: null,
      })
    : { firstResponseDue: null, nextResponseDue: null, resolutionDue: null };

  const requiredSkills = outcome.skills.map((skill) => skill.toLowerCase());
  const queued = writeRoutingOutcome({
    workspaceId,
    conversationId: conversation.id,
    priority,
    teamId,
    requiredSkills,
    labels: [...new Set([...conversation.labels, ...outcome.labels])],
    queuedAt: now,
    firstResponseDueAt: due.firstResponseDue,
    nextResponseDueAt: due.nextResponseDue,
    resolutionDueAt: due.resolutionDue,
    slaDueAt: nextDue(due),
  });
  // One round trip: the conversation joins the queue, and the team's agents are locked and counted.
  let candidates: AgentCandidate[] = [];
  if (team && team.memberIds.length > 0) {
    const [, profiles, openBy] = await rawBatch(tx, [
      queued,
      agentProfiles(workspaceId, team.memberIds, true),
      openCountsOf(workspaceId, team.memberIds),
    ]);
    candidates = candidatesOf(profiles, openBy);
  } else await rawBatch(tx, [queued]);

  const events: StoredEvent[] = [];
  for (const body of outcome.autoReplies) {
    const reply = await appendMessage(tx, {
      workspaceId,
      conversationId: conversation.id,
      direction: "outbound",
      senderType: "system",
      body,
      deliveryStatus: "sent",
    });
    events.push(...reply.events);
  }

  const ruleNames = evaluation.matched.map((rule) => `'${rule.name}'`).join(", ");
  const routedBy = ruleNames ? ` by rule ${ruleNames}` : "";
  let summary = team ? `Routed to ${team.name}${routedBy}` : `No team${routedBy}: waiting for any agent`;
  let choice: AgentChoice | null = null;
  if (team) {
    choice = chooseAgent({ strategy: team.strategy, candidates, requiredSkills });
    summary = `${summary}; ${choice.summary}`;
  }
  const assigneeId = choice?.chosen?.userId ?? null;
  const decision = insertDecision({
    workspaceId,
    conversationId: conversation.id,
    trigger: input.trigger,
    ruleSetId: config.ruleSet.id,
    matchedRules: evaluation.matched,
    trace: evaluation.trace,
    outcome,
    verdicts: choice?.verdicts ?? [],
    teamId,
    chosenUserId: assigneeId,
    summary,
  });
  // One more round trip: the assignment, its event and the decision with its reasons.
  if (assigneeId && choice) {
    const [assigned] = await rawBatch(tx, [
      assignConversation({
        workspaceId,
        conversationId: conversation.id,
        userId: assigneeId,
        now,
        summary: choice.summary,
      }),
      decision,
    ]);
    // The conversation is locked by this transaction and was just unassigned: nobody else can be first.
    if (!assigned) throw new Error(`conversation ${conversation.id} was assigned while locked for routing`);
    events.push(assigned);
  } else {
    // Waiting in a queue is news too: the inbox shows the team, the priority and the SLA clock.
    const [queuedEvent] = await rawBatch(tx, [
      insertEvent({
        workspaceId,
        type: "conversation.updated",
        conversationId: conversation.id,
        payload: { conversationId: conversation.id, teamId, priority, assigneeId: null, routing: summary },
      }),
      decision,
    ]);
    events.push(queuedEvent);
  }
  return { assigneeId, teamId, summary, events };
}
