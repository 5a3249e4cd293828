import type { Executor } from "@/db";
import { rawQuery, type Statement } from "@/db/raw-query";
import type { ConversationPriority, routingDecisions } from "@/db/schema";
import { newId } from "@/server/ids";
import type { NewDomainEvent, StoredEvent } from "../outbox/record-event";

/*
 * The statements every routing decision runs, written by hand and prepared once per connection:
 * building them with the query builder cost more CPU than PostgreSQL spends running them. Most
 * are `Statement`s, so a decision sends the ones that do not depend on each other's answers in
 * one batch (`rawBatch`). Timestamps travel as epoch milliseconds, jsonb as JSON text, so both
 * drivers agree.
 */

const epochMs = (column: string) => `(extract(epoch from ${column}) * 1000)::float8`;
const dateOf = (ms: number | null) => (ms === null ? null : new Date(ms));
const isoOf = (date: Date | null) => (date ? date.toISOString() : null);

export type ConversationToRoute = {
  id: string;
  inboxId: string;
  teamId: string | null;
  priority: ConversationPriority;
  labels: string[];
  requiredSkills: string[];
  createdAt: Date;
  firstResponseAt: Date | null;
  awaitingReplySince: Date | null;
  channel: string;
  defaultTeamId: string | null;
  attributes: Record<string, unknown>;
  configVersion: number;
};

const LOCK_CONVERSATION = `
  select c.id, c.inbox_id, c.team_id, c.priority::text as priority, c.labels, c.required_skills,
    ${epochMs("c.created_at")} as created_ms, ${epochMs("c.first_response_at")} as first_response_ms,
    ${epochMs("c.awaiting_reply_since")} as awaiting_ms, i.channel_type::text as channel,
    i.default_team_id, ct.attributes, w.routing_config_version as config_version
  from conversations c
  join inboxes i on i.id = c.inbox_id
  join contacts ct on ct.id = c.contact_id
  join workspaces w on w.id = c.workspace_id
  where c.workspace_id = $1 and c.id = $2
  for update of c`;

/** The conversation (locked), what the rules look at, and the routing configuration version. */
export async function lockConversationToRoute(
  tx: Executor,
  workspaceId: string,
  conversationId: string,
): Promise<ConversationToRoute | null> {
  const [row] = await rawQuery<{
    id: string;
    inbox_id: string;
    team_id: string | null;
    priority: ConversationPriority;
    labels: string[];
    required_skills: string[];
    created_ms: number;
    first_response_ms: number | null;
    awaiting_ms: number | null;
    channel: string;
    default_team_id: string | null;
    attributes: Record<string, unknown>;
    config_version: number;
  }>(tx, LOCK_CONVERSATION, [workspaceId, conversationId]);
  if (!row) return null;
  return {
    id: row.id,
    inboxId: row.inbox_id,
    teamId: row.team_id,
    priority: row.priority,
    labels: row.labels,
    requiredSkills: row.required_skills,
    createdAt: new Date(row.created_ms),
    firstResponseAt: dateOf(row.first_response_ms),
    awaitingReplySince: dateOf(row.awaiting_ms),
    channel: row.channel,
    defaultTeamId: row.default_team_id,
    attributes: row.attributes,
    configVersion: Number(row.config_version),
  };
}

const WRITE_ROUTING = `
  update conversations set priority = $3::conversation_priority, team_id = $4, assignee_id = null,
    assigned_at = null, required_skills = $5::jsonb, labels = $6::jsonb, queued_at = $7::timestamptz,
    first_response_due_at = $8::timestamptz, next_response_due_at = $9::timestamptz,
    resolution_due_at = $10::timestamptz, sla_due_at = $11::timestamptz, updated_at = $7::timestamptz
  where workspace_id = $1 and id = $2`;

/** Puts a routed conversation in its team's queue with its priority, skills, labels and SLA due times. */
export function writeRoutingOutcome(input: {
  workspaceId: string;
  conversationId: string;
  priority: ConversationPriority;
  teamId: string | null;
  requiredSkills: string[];
  labels: string[];
  queuedAt: Date;
  firstResponseDueAt: Date | null;
  nextResponseDueAt: Date | null;
  resolutionDueAt: Date | null;
  slaDueAt: Date | null;
}): Statement<void> {
  return {
    text: WRITE_ROUTING,
    params: [
      input.workspaceId,
      input.conversationId,
      input.priority,
      input.teamId,
      JSON.stringify(input.requiredSkills),
      JSON.stringify(input.labels),
      input.queuedAt.toISOString(),
      isoOf(input.firstResponseDueAt),
      isoOf(input.nextResponseDueAt),
      isoOf(input.resolutionDueAt),
      isoOf(input.slaDueAt),
    ],
    read: () => undefined,
  };
}

export type AgentProfile = {
  userId: string;
  name: string;
  availability: "online" | "away" | "offline";
  skills: string[];
  capacity: number;
  lastAssignedAt: Date | null;
};

const PROFILES = `
  select p.user_id, u.name, p.availability::text as availability, p.skills, p.capacity,
    ${epochMs("p.last_assigned_at")} as last_assigned_ms
  from agent_routing_profiles p
  join users u on u.id = p.user_id
  where p.workspace_id = $1 and p.user_id in (select jsonb_array_elements_text($2::jsonb))
  order by p.user_id`;

/**
 * The agents' routing profiles; with `lock`, locked in id order, so two nodes locking the same
 * agents cannot deadlock.
 */
export function agentProfiles(workspaceId: string, userIds: string[], lock: boolean): Statement<AgentProfile[]> {
  return {
    text: lock ? `${PROFILES} for update of p` : PROFILES,
    params: [workspaceId, JSON.stringify(userIds)],
    read: (rows) =>
      rows.map((row) => ({
        userId: row.user_id as string,
        name: row.name as string,
        availability: row.availability as AgentProfile["availability"],
        skills: row.skills as string[],
        capacity: Number(row.capacity),
        lastAssignedAt: dateOf(row.last_assigned_ms as number | null),
      })),
  };
}

const OPEN_BY_AGENT = `
  select assignee_id, count(*)::int as open from conversations
  where workspace_id = $1 and assignee_id in (select jsonb_array_elements_text($2::jsonb))
    and status in ('open', 'pending')
  group by assignee_id`;

/** Open and pending conversations per agent: what counts against their capacity. */
export function openCountsOf(workspaceId: string, userIds: string[]): Statement<Map<string, number>> {
  return {
    text: OPEN_BY_AGENT,
    params: [workspaceId, JSON.stringify(userIds)],
    read: (rows) => new Map(rows.map((row) => [row.assignee_id as string, Number(row.open)])),
  };
}

const ASSIGN = `
  with assigned as (
    update conversations set assignee_id = $3, assigned_at = $4::timestamptz
    where workspace_id = $1 and id = $2 and assignee_id is null
    returning id
  ), chosen as (
    update agent_routing_profiles set last_assigned_at = $4::timestamptz
    where workspace_id = $1 and user_id = $3 and exists (select 1 from assigned)
  )
  insert into events (workspace_id, type, conversation_id, payload)
  select $1, 'conversation.updated', id, $5::jsonb from assigned
  returning id::text as id, ${epochMs("created_at")} as created_ms`;

/**
 * Gives the conversation to the agent only if it is still unassigned, and then, in the same
 * statement, moves the agent to the back of the round robin and writes the outbox event.
 * Reads the event, or null when someone else was first.
 */
export function assignConversation(input: {
  workspaceId: string;
  conversationId: string;
  userId: string;
  now: Date;
  summary: string;
}): Statement<StoredEvent | null> {
  const payload = { conversationId: input.conversationId, assigneeId: input.userId, routing: input.summary };
  return {
    text: ASSIGN,
    params: [input.workspaceId, input.conversationId, input.userId, input.now.toISOString(), JSON.stringify(payload)],
    read: ([row]) =>
      row
        ? {
            id: Number(row.id),
            workspaceId: input.workspaceId,
            type: "conversation.updated",
            conversationId: input.conversationId,
            payload,
            createdAt: new Date(row.created_ms as number),
            publishedAt: null,
            publishAttempts: 0,
          }
        : null,
  };
}

const INSERT_EVENT = `
  insert into events (workspace_id, type, conversation_id, payload) values ($1, $2, $3, $4::jsonb)
  returning id::text as id, ${epochMs("created_at")} as created_ms`;

/** Writes an outbox event (as `recordEvent` does), to be sent with the other statements of a decision. */
export function insertEvent(event: NewDomainEvent): Statement<StoredEvent> {
  return {
    text: INSERT_EVENT,
    params: [event.workspaceId, event.type, event.conversationId, JSON.stringify(event.payload)],
    read: ([row]) => ({
      ...event,
      id: Number(row!.id),
      createdAt: new Date(row!.created_ms as number),
      publishedAt: null,
      publishAttempts: 0,
    }),
  };
}

const INSERT_DECISION = `
  insert into routing_decisions (id, workspace_id, conversation_id, trigger, rule_set_id, matched_rules,
    trace, outcome, verdicts, team_id, chosen_user_id, summary)
  values ($1, $2, $3, $4, $5, $6::jsonb, $7::jsonb, $8::jsonb, $9::jsonb, $10, $11, $12)`;

/** Stores a routing decision with its reasons. */
export function insertDecision(decision: typeof routingDecisions.$inferInsert): Statement<void> {
  return {
    text: INSERT_DECISION,
    params: [
      decision.id ?? newId("routingDecision"),
      decision.workspaceId,
      decision.conversationId,
      decision.trigger,
      decision.ruleSetId ?? null,
      JSON.stringify(decision.matchedRules ?? []),
      JSON.stringify(decision.trace ?? []),
      decision.outcome ? JSON.stringify(decision.outcome) : null,
      JSON.stringify(decision.verdicts ?? []),
      decision.teamId ?? null,
      decision.chosenUserId ?? null,
      decision.summary,
    ],
    read: () => undefined,
  };
}

const WAITING_FOR_AGENT = `
  select c.id, c.team_id, c.required_skills, routed.summary as routed_summary,
    routed.matched_rules as routed_rules
  from conversations c
  left join lateral (
    select d.summary, d.matched_rules from routing_decisions d
    where d.workspace_id = c.workspace_id and d.conversation_id = c.id
      and d.trigger in ('new_conversation', 'reopened')
    order by d.created_at desc
    limit 1
  ) routed on true
  where c.workspace_id = $1
    and c.team_id in (
      select tm.team_id from team_members tm
      left join team_routing tr on tr.team_id = tm.team_id
      where tm.workspace_id = $1 and tm.user_id = $2 and coalesce(tr.strategy, 'round_robin') <> 'manual')
    and c.assignee_id is null and c.status = 'open'
    and c.reclaimed_from_user_id is distinct from $2
    and c.required_skills <@ $3::jsonb
  order by c.priority, c.sla_due_at asc nulls last, c.queued_at, c.id
  limit $4
  for update of c skip locked`;

export type WaitingConversation = {
  id: string;
  teamId: string | null;
  requiredSkills: string[];
  /** How it was routed, when it was: its last routing decision's summary and matched rules. */
  routed: { summary: string; matchedRules: { ruleId: string; name: string }[] } | null;
};

/**
 * The next conversations waiting in the agent's automatically routed teams that the agent has
 * the skills for, in serving order, locked; those being handled elsewhere right now are skipped.
 */
export function waitingForAgent(input: {
  workspaceId: string;
  userId: string;
  skills: string[];
  limit: number;
}): Statement<WaitingConversation[]> {
  return {
    text: WAITING_FOR_AGENT,
    params: [
      input.workspaceId,
      input.userId,
      JSON.stringify(input.skills.map((skill) => skill.toLowerCase())),
      input.limit,
    ],
    read: (rows) =>
      rows.map((row) => ({
        id: row.id as string,
        teamId: row.team_id as string | null,
        requiredSkills: row.required_skills as string[],
        routed:
          row.routed_summary === null
            ? null
            : {
                summary: row.routed_summary as string,
                matchedRules: row.routed_rules as { ruleId: string; name: string }[],
              },
      })),
  };
}
