import { and, desc, eq, isNotNull } from "drizzle-orm";
import type { Executor } from "@/db";
import { businessCalendars, routingRuleSets, slaPolicies, teamRouting, type ConversationPriority } from "@/db/schema";
import { ALWAYS_OPEN, type BusinessCalendar } from "@/server/routing/business-hours";
import type { AssignmentStrategy } from "@/server/routing/candidates";
import type { RoutingRule } from "@/server/routing/rules";
import type { SlaTargets } from "@/server/routing/sla";

export type SlaPolicy = SlaTargets & { warnBeforeMinutes: number; calendar: BusinessCalendar };

export type TeamSettings = { strategy: AssignmentStrategy; calendar: BusinessCalendar };

/** The rules that route now: the newest published rule set (none = no rules). */
export async function publishedRules(
  db: Executor,
  workspaceId: string,
): Promise<{ id: string | null; rules: RoutingRule[] }> {
  const [set] = await db
    .select({ id: routingRuleSets.id, rules: routingRuleSets.rules })
    .from(routingRuleSets)
    .where(and(eq(routingRuleSets.workspaceId, workspaceId), isNotNull(routingRuleSets.publishedAt)))
    .orderBy(desc(routingRuleSets.publishedAt))
    .limit(1);
  return set ?? { id: null, rules: [] };
}

async function calendarById(db: Executor, workspaceId: string, id: string | null): Promise<BusinessCalendar> {
  if (!id) return ALWAYS_OPEN;
  const [row] = await db
    .select({
      timeZone: businessCalendars.timeZone,
      weekly: businessCalendars.weekly,
      holidays: businessCalendars.holidays,
    })
    .from(businessCalendars)
    .where(and(eq(businessCalendars.workspaceId, workspaceId), eq(businessCalendars.id, id)));
  return row ?? ALWAYS_OPEN;
}

/** A team without settings hands out conversations round robin, around the clock. */
export async function teamSettings(db: Executor, workspaceId: string, teamId: string): Promise<TeamSettings> {
  const [row] = await db
    .select({ strategy: teamRouting.strategy, calendarId: teamRouting.calendarId })
    .from(teamRouting)
    .where(and(eq(teamRouting.workspaceId, workspaceId), eq(teamRouting.teamId, teamId)));
  return {
    strategy: row?.strategy ?? "round_robin",
    calendar: await calendarById(db, workspaceId, row?.calendarId ?? null),
  };
}

export async function slaPolicyFor(
  db: Executor,
  workspaceId: string,
  priority: ConversationPriority,
  fallbackCalendar: BusinessCalendar,
): Promise<SlaPolicy | null> {
  const [row] = await db
    .select()
    .from(slaPolicies)
    .where(
      and(eq(slaPolicies.workspaceId, workspaceId), eq(slaPolicies.priority, priority), eq(slaPolicies.enabled, true)),
    );
  if (!row) return null;
  return {
    firstResponseMinutes: row.firstResponseMinutes,
    nextResponseMinutes: row.nextResponseMinutes,
    resolutionMinutes: row.resolutionMinutes,
    warnBeforeMinutes: row.warnBeforeMinutes,
    calendar: row.calendarId ? await calendarById(db, workspaceId, row.calendarId) : fallbackCalendar,
  };
}
