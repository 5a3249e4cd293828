import { and, eq } from "drizzle-orm";
import type { Executor } from "@/db";
import {
  businessCalendars,
  slaPolicies,
  teamMembers,
  teamRouting,
  teams,
  type ConversationPriority,
} from "@/db/schema";
import { ALWAYS_OPEN, type BusinessCalendar } from "@/server/routing/business-hours";
import type { AssignmentStrategy } from "@/server/routing/candidates";
import { publishedRules, type SlaPolicy } from "./routing-config";
import type { RoutingRule } from "@/server/routing/rules";

export type CachedTeam = {
  id: string;
  name: string;
  strategy: AssignmentStrategy;
  calendar: BusinessCalendar;
  memberIds: string[];
};

/** Everything routing reads about a workspace's configuration, as of one configuration version. */
export type RoutingConfig = {
  version: number;
  ruleSet: { id: string | null; rules: RoutingRule[] };
  teams: Map<string, CachedTeam>;
  /** Per priority; a policy without its own calendar uses the team's (null here). */
  sla: Map<ConversationPriority, Omit<SlaPolicy, "calendar"> & { calendar: BusinessCalendar | null }>;
};

const MAX_WORKSPACES = 1_000;
const cache = new Map<string, RoutingConfig>();

/**
 * The workspace's routing configuration at `version` (read with the conversation, from
 * `workspaces.routing_config_version`, which a trigger bumps on every configuration write). A
 * hit costs no query; a miss loads it in four. Each node caches on its own and never serves
 * a version older than the one its transaction saw.
 */
export async function routingConfigAt(tx: Executor, workspaceId: string, version: number): Promise<RoutingConfig> {
  const cached = cache.get(workspaceId);
  if (cached && cached.version === version) {
    // Most recently used last, so the oldest entry is the first to go.
    cache.delete(workspaceId);
    cache.set(workspaceId, cached);
    return cached;
  }
  const config = await loadRoutingConfig(tx, workspaceId, version);
  if (!cached || cached.version < version) {
    cache.delete(workspaceId);
    cache.set(workspaceId, config);
    if (cache.size > MAX_WORKSPACES) cache.delete(cache.keys().next().value!);
  }
  return config;
}

async function loadRoutingConfig(tx: Executor, workspaceId: string, version: number): Promise<RoutingConfig> {
  const ruleSet = await publishedRules(tx, workspaceId);
  const teamRows = await tx
    .select({
      id: teams.id,
      name: teams.name,
      strategy: teamRouting.strategy,
      timeZone: businessCalendars.timeZone,
      weekly: businessCalendars.weekly,
      holidays: businessCalendars.holidays,
    })
    .from(teams)
    .leftJoin(teamRouting, eq(teamRouting.teamId, teams.id))
    .leftJoin(
      businessCalendars,
      and(eq(businessCalendars.id, teamRouting.calendarId), eq(businessCalendars.workspaceId, workspaceId)),
    )
    .where(eq(teams.workspaceId, workspaceId));
  const members = await tx
    .select({ teamId: teamMembers.teamId, userId: teamMembers.userId })
    .from(teamMembers)
    .where(eq(teamMembers.workspaceId, workspaceId));
  const policies = await tx
    .select({
      priority: slaPolicies.priority,
      firstResponseMinutes: slaPolicies.firstResponseMinutes,
      nextResponseMinutes: slaPolicies.nextResponseMinutes,
      resolutionMinutes: slaPolicies.resolutionMinutes,
      warnBeforeMinutes: slaPolicies.warnBeforeMinutes,
      timeZone: businessCalendars.timeZone,
      weekly: businessCalendars.weekly,
      holidays: businessCalendars.holidays,
    })
    .from(slaPolicies)
    .leftJoin(
      businessCalendars,
      and(eq(businessCalendars.id, slaPolicies.calendarId), eq(businessCalendars.workspaceId, workspaceId)),
    )
    .where(and(eq(slaPolicies.workspaceId, workspaceId), eq(slaPolicies.enabled, true)));

  const calendarOf = (row: { timeZone: string | null; weekly: unknown; holidays: unknown }) =>
    row.timeZone ? ({ timeZone: row.timeZone, weekly: row.weekly, holidays: row.holidays } as BusinessCalendar) : null;
  const teamMap = new Map<string, CachedTeam>();
  for (const row of teamRows) {
    teamMap.set(row.id, {
      id: row.id,
      name: row.name,
      strategy: row.strategy ?? "round_robin",
      calendar: calendarOf(row) ?? ALWAYS_OPEN,
      memberIds: [],
    });
  }
  for (const member of members) teamMap.get(member.teamId)?.memberIds.push(member.userId);
  for (const team of teamMap.values()) team.memberIds.sort();
  const sla: RoutingConfig["sla"] = new Map();
  for (const { timeZone, weekly, holidays, priority, ...targets } of policies) {
    sla.set(priority, { ...targets, calendar: calendarOf({ timeZone, weekly, holidays }) });
  }
  return { version, ruleSet, teams: teamMap, sla };
}
