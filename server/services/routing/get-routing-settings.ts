import { and, asc, desc, eq, isNull } from "drizzle-orm";
import type { Executor } from "@/db";
import {
  agentRoutingProfiles,
  businessCalendars,
  inboxes,
  memberships,
  routingRuleSets,
  slaPolicies,
  teamMembers,
  teamRouting,
  teams,
  users,
} from "@/db/schema";
import type { AgentActor } from "@/server/actor";
import { publishedRules } from "./routing-config";

/** Everything the routing settings page shows, scoped to the actor's workspace. */
export async function getRoutingSettings(db: Executor, actor: AgentActor) {
  const workspaceId = actor.workspaceId;
  const teamRows = await db
    .select({ id: teams.id, name: teams.name, strategy: teamRouting.strategy, calendarId: teamRouting.calendarId })
    .from(teams)
    .leftJoin(teamRouting, eq(teamRouting.teamId, teams.id))
    .where(eq(teams.workspaceId, workspaceId))
    .orderBy(asc(teams.name));
  const members = await db
    .select({ teamId: teamMembers.teamId, userId: teamMembers.userId })
    .from(teamMembers)
    .where(eq(teamMembers.workspaceId, workspaceId));
  const agents = await db
    .select({
      userId: users.id,
      name: users.name,
      email: users.email,
      role: memberships.role,
      skills: agentRoutingProfiles.skills,
      capacity: agentRoutingProfiles.capacity,
      availability: agentRoutingProfiles.availability,
    })
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .leftJoin(
      agentRoutingProfiles,
      and(eq(agentRoutingProfiles.workspaceId, workspaceId), eq(agentRoutingProfiles.userId, memberships.userId)),
    )
    .where(and(eq(memberships.workspaceId, workspaceId), isNull(memberships.deactivatedAt)))
    .orderBy(asc(users.name));
  const calendars = await db
    .select()
    .from(businessCalendars)
    .where(eq(businessCalendars.workspaceId, workspaceId))
    .orderBy(asc(businessCalendars.name));
  const policies = await db.select().from(slaPolicies).where(eq(slaPolicies.workspaceId, workspaceId));
  const inboxRows = await db
    .select({
      id: inboxes.id,
      name: inboxes.name,
      channelType: inboxes.channelType,
      defaultTeamId: inboxes.defaultTeamId,
    })
    .from(inboxes)
    .where(eq(inboxes.workspaceId, workspaceId))
    .orderBy(asc(inboxes.name));
  const published = await publishedRules(db, workspaceId);
  const [draft] = await db
    .select({ id: routingRuleSets.id, rules: routingRuleSets.rules, updatedAt: routingRuleSets.updatedAt })
    .from(routingRuleSets)
    .where(and(eq(routingRuleSets.workspaceId, workspaceId), isNull(routingRuleSets.publishedAt)))
    .orderBy(desc(routingRuleSets.updatedAt))
    .limit(1);

  return {
    teams: teamRows.map((team) => ({
      ...team,
      strategy: team.strategy ?? "round_robin",
      memberIds: members.filter((member) => member.teamId === team.id).map((member) => member.userId),
    })),
    agents: agents.map((agent) => ({
      ...agent,
      skills: agent.skills ?? [],
      capacity: agent.capacity ?? 5,
      availability: agent.availability ?? "offline",
    })),
    calendars: calendars.map(({ id, name, timeZone, weekly, holidays }) => ({ id, name, timeZone, weekly, holidays })),
    slaPolicies: policies.map(({ workspaceId: _ws, createdAt: _c, updatedAt: _u, ...policy }) => policy),
    inboxes: inboxRows,
    publishedRules: published.rules,
    draft: draft ? { id: draft.id, rules: draft.rules, updatedAt: draft.updatedAt.toISOString() } : null,
  };
}

export type RoutingSettings = Awaited<ReturnType<typeof getRoutingSettings>>;
