import { and, asc, eq, isNull, sql } from "drizzle-orm";
import type { Executor } from "@/db";
import { agentRoutingProfiles, conversations, memberships, teams, users } from "@/db/schema";
import type { AgentActor } from "@/server/actor";

/** Where a conversation can be handed: every team, and every active agent with their availability and load. */
export async function listTransferTargets(db: Executor, actor: AgentActor) {
  const teamRows = await db
    .select({ teamId: teams.id, name: teams.name })
    .from(teams)
    .where(eq(teams.workspaceId, actor.workspaceId))
    .orderBy(asc(teams.name));
  const agents = await db
    .select({
      userId: users.id,
      name: users.name,
      availability: sql<"online" | "away" | "offline">`coalesce(${agentRoutingProfiles.availability}, 'offline')`,
      capacity: sql<number>`coalesce(${agentRoutingProfiles.capacity}, 5)`,
      open: sql<number>`(select count(*)::int from ${conversations} where ${conversations.workspaceId} = ${actor.workspaceId} and ${conversations.assigneeId} = ${users.id} and ${conversations.status} in ('open', 'pending'))`,
    })
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .leftJoin(
      agentRoutingProfiles,
      and(eq(agentRoutingProfiles.workspaceId, memberships.workspaceId), eq(agentRoutingProfiles.userId, users.id)),
    )
    .where(and(eq(memberships.workspaceId, actor.workspaceId), isNull(memberships.deactivatedAt)))
    .orderBy(asc(users.name));
  return { teams: teamRows, agents };
}
