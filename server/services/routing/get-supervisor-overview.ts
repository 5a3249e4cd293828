import { and, asc, eq, isNull, sql } from "drizzle-orm";
import type { Executor } from "@/db";
import { agentRoutingProfiles, contacts, conversations, memberships, teams, users } from "@/db/schema";
import type { AgentActor } from "@/server/actor";

const IMMINENT_MINUTES = 30;

/**
 * What a supervisor watches: queue depth per team and priority with the longest wait, every
 * agent's availability and load, and the conversations whose SLA is breached or about to be.
 */
export async function getSupervisorOverview(db: Executor, actor: AgentActor, now = new Date()) {
  const workspaceId = actor.workspaceId;
  const queues = await db
    .select({
      teamId: conversations.teamId,
      teamName: teams.name,
      priority: conversations.priority,
      waiting: sql<number>`count(*)::int`,
      oldestQueuedAt: sql<Date | null>`min(coalesce(${conversations.queuedAt}, ${conversations.createdAt}))`,
    })
    .from(conversations)
    .leftJoin(teams, eq(teams.id, conversations.teamId))
    .where(
      and(
        eq(conversations.workspaceId, workspaceId),
        isNull(conversations.assigneeId),
        eq(conversations.status, "open"),
      ),
    )
    .groupBy(conversations.teamId, teams.name, conversations.priority)
    .orderBy(asc(teams.name), asc(conversations.priority));

  const load = db
    .select({ userId: conversations.assigneeId, open: sql<number>`count(*)::int`.as("open") })
    .from(conversations)
    .where(and(eq(conversations.workspaceId, workspaceId), sql`${conversations.status} in ('open', 'pending')`))
    .groupBy(conversations.assigneeId)
    .as("load");
  const agents = await db
    .select({
      userId: users.id,
      name: users.name,
      availability: agentRoutingProfiles.availability,
      capacity: agentRoutingProfiles.capacity,
      open: load.open,
    })
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .leftJoin(
      agentRoutingProfiles,
      and(eq(agentRoutingProfiles.workspaceId, workspaceId), eq(agentRoutingProfiles.userId, memberships.userId)),
    )
    .leftJoin(load, eq(load.userId, memberships.userId))
    .where(and(eq(memberships.workspaceId, workspaceId), isNull(memberships.deactivatedAt)))
    .orderBy(asc(users.name));

  const soon = new Date(now.getTime() + IMMINENT_MINUTES * 60_000);
  const atRisk = await db
    .select({
      id: conversations.id,
      priority: conversations.priority,
      slaDueAt: conversations.slaDueAt,
      slaBreachedAt: conversations.slaBreachedAt,
      assigneeId: conversations.assigneeId,
      teamName: teams.name,
      contactName: contacts.name,
      preview: conversations.lastMessagePreview,
    })
    .from(conversations)
    .innerJoin(contacts, eq(contacts.id, conversations.contactId))
    .leftJoin(teams, eq(teams.id, conversations.teamId))
    .where(
      and(
        eq(conversations.workspaceId, workspaceId),
        sql`${conversations.status} <> 'resolved'`,
        sql`(${conversations.slaBreachedAt} is not null or ${conversations.slaDueAt} <= ${soon.toISOString()}::timestamptz)`,
      ),
    )
    .orderBy(asc(conversations.slaDueAt))
    .limit(50);

  return {
    at: now.toISOString(),
    queues: queues.map((row) => ({
      teamId: row.teamId,
      teamName: row.teamName ?? "No team",
      priority: row.priority,
      waiting: row.waiting,
      longestWaitSeconds: row.oldestQueuedAt
        ? Math.max(0, Math.round((now.getTime() - new Date(row.oldestQueuedAt).getTime()) / 1000))
        : 0,
    })),
    agents: agents.map((agent) => ({
      userId: agent.userId,
      name: agent.name,
      availability: agent.availability ?? "offline",
      capacity: agent.capacity ?? 5,
      open: agent.open ?? 0,
    })),
    breaches: atRisk.map((row) => ({
      id: row.id,
      priority: row.priority,
      contactName: row.contactName,
      preview: row.preview,
      teamName: row.teamName,
      assigneeId: row.assigneeId,
      slaDueAt: row.slaDueAt?.toISOString() ?? null,
      state: row.slaBreachedAt || (row.slaDueAt && row.slaDueAt <= now) ? ("breached" as const) : ("imminent" as const),
    })),
  };
}

export type SupervisorOverview = Awaited<ReturnType<typeof getSupervisorOverview>>;
