import { and, eq, gte, lt, sql } from "drizzle-orm";
import type { Executor } from "@/db";
import { conversations, teams, users } from "@/db/schema";
import type { AgentActor } from "@/server/actor";
import type { ReportInput } from "./schemas";

const minutes = (expression: ReturnType<typeof sql>) =>
  sql<number | null>`round((${expression})::numeric / 60, 1)::float`;

/**
 * First-response time, resolution time and SLA attainment over a period, per team, per agent and
 * per day, for conversations created in the period (times in minutes, attainment in percent of
 * conversations that had a target).
 */
export async function getRoutingReport(db: Executor, actor: AgentActor, input: ReportInput) {
  const scope = and(
    eq(conversations.workspaceId, actor.workspaceId),
    gte(conversations.createdAt, input.from),
    lt(conversations.createdAt, input.to),
  );
  const measures = {
    conversations: sql<number>`count(*)::int`,
    resolved: sql<number>`count(${conversations.resolvedAt})::int`,
    firstResponseMinutes: minutes(
      sql`avg(extract(epoch from (${conversations.firstResponseAt} - ${conversations.createdAt})))`,
    ),
    resolutionMinutes: minutes(
      sql`avg(extract(epoch from (${conversations.resolvedAt} - ${conversations.createdAt})))`,
    ),
    firstResponseAttainment: sql<
      number | null
    >`round(100.0 * avg(case when ${conversations.slaFirstResponseMet} then 1 when ${conversations.slaFirstResponseMet} = false then 0 end), 1)::float`,
    resolutionAttainment: sql<
      number | null
    >`round(100.0 * avg(case when ${conversations.slaResolutionMet} then 1 when ${conversations.slaResolutionMet} = false then 0 end), 1)::float`,
  };
  const byTeam = await db
    .select({ id: conversations.teamId, name: teams.name, ...measures })
    .from(conversations)
    .leftJoin(teams, eq(teams.id, conversations.teamId))
    .where(scope)
    .groupBy(conversations.teamId, teams.name);
  const byAgent = await db
    .select({ id: conversations.assigneeId, name: users.name, ...measures })
    .from(conversations)
    .leftJoin(users, eq(users.id, conversations.assigneeId))
    .where(scope)
    .groupBy(conversations.assigneeId, users.name);
  const day = sql<string>`to_char(date_trunc('day', ${conversations.createdAt} at time zone 'UTC'), 'YYYY-MM-DD')`;
  const byDay = await db
    .select({ day, ...measures })
    .from(conversations)
    .where(scope)
    .groupBy(day)
    .orderBy(day);
  return {
    from: input.from.toISOString(),
    to: input.to.toISOString(),
    teams: byTeam.map((row) => ({ ...row, name: row.name ?? "No team" })),
    agents: byAgent.map((row) => ({ ...row, name: row.name ?? "Unassigned" })),
    days: byDay,
  };
}

export type RoutingReport = Awaited<ReturnType<typeof getRoutingReport>>;
