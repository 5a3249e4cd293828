import type { Executor } from "@/db";
import { rawQuery } from "@/db/raw-query";
import type { ConversationPriority } from "@/db/schema";

/*
 * The statements every routing decision runs, written by hand and prepared once per connection:
 * building them with the query builder cost more CPU than PostgreSQL spends running them.
 * Timestamps travel as epoch milliseconds, jsonb as JSON text, so both drivers agree.
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
export async function writeRoutingOutcome(
  tx: Executor,
  input: {
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
  },
): Promise<void> {
  await rawQuery(tx, WRITE_ROUTING, [
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
  ]);
}

export type LockedProfile = {
  userId: string;
  name: string;
  availability: "online" | "away" | "offline";
  skills: string[];
  capacity: number;
  lastAssignedAt: Date | null;
};

const LOCK_PROFILES = `
  select p.user_id, u.name, p.availability::text as availability, p.skills, p.capacity,
    ${epochMs("p.last_assigned_at")} as last_assigned_ms
  from agent_routing_profiles p
  join users u on u.id = p.user_id
  where p.workspace_id = $1 and p.user_id in (select jsonb_array_elements_text($2::jsonb))
  order by p.user_id
  for update of p`;

/** Locks the agents' routing profiles in id order, so two nodes locking the same agents cannot deadlock. */
export async function lockProfiles(tx: Executor, workspaceId: string, userIds: string[]): Promise<LockedProfile[]> {
  const rows = await rawQuery<{
    user_id: string;
    name: string;
    availability: LockedProfile["availability"];
    skills: string[];
    capacity: number;
    last_assigned_ms: number | null;
  }>(tx, LOCK_PROFILES, [workspaceId, JSON.stringify(userIds)]);
  return rows.map((row) => ({
    userId: row.user_id,
    name: row.name,
    availability: row.availability,
    skills: row.skills,
    capacity: Number(row.capacity),
    lastAssignedAt: dateOf(row.last_assigned_ms),
  }));
}

const OPEN_BY_AGENT = `
  select assignee_id, count(*)::int as open from conversations
  where workspace_id = $1 and assignee_id in (select jsonb_array_elements_text($2::jsonb))
    and status in ('open', 'pending')
  group by assignee_id`;

/** Open and pending conversations per agent: what counts against their capacity. */
export async function openCountsOf(tx: Executor, workspaceId: string, userIds: string[]): Promise<Map<string, number>> {
  const rows = await rawQuery<{ assignee_id: string; open: number }>(tx, OPEN_BY_AGENT, [
    workspaceId,
    JSON.stringify(userIds),
  ]);
  return new Map(rows.map((row) => [row.assignee_id, Number(row.open)]));
}
