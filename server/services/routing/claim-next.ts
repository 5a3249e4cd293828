import { and, asc, eq, inArray, isNull, or, sql } from "drizzle-orm";
import { runTransaction } from "@/db/run-transaction";
import { agentRoutingProfiles, conversations, teamMembers, teams } from "@/db/schema";
import type { AgentActor } from "@/server/actor";
import { ConflictError } from "@/server/errors";
import type { ServiceContext } from "../context";
import { recordEvent } from "../outbox/record-event";
import { lockCandidates, recordDecision } from "./assign-from-team";

/**
 * The agent takes the next waiting conversation they may serve: from their teams' queues (manual
 * teams included) or not yet routed to any team, in serving order, within their skills and their
 * capacity. Returns null when nothing waits for them.
 */
export async function claimNext(
  ctx: ServiceContext,
  actor: AgentActor,
  now = new Date(),
): Promise<{ conversationId: string | null }> {
  const { workspaceId, userId } = actor;
  const result = await runTransaction(ctx.db, async (tx) => {
    await tx.insert(agentRoutingProfiles).values({ workspaceId, userId }).onConflictDoNothing();
    const [agent] = await lockCandidates(tx, workspaceId, [userId]);
    if (!agent) throw new Error("the agent's routing profile was not created");
    if (agent.openCount >= agent.capacity) {
      throw new ConflictError(
        `You have ${agent.openCount} open conversations, your capacity of ${agent.capacity}. Resolve one first.`,
      );
    }
    const myTeams = await tx
      .select({ teamId: teamMembers.teamId })
      .from(teamMembers)
      .where(and(eq(teamMembers.workspaceId, workspaceId), eq(teamMembers.userId, userId)));
    const teamIds = myTeams.map((row) => row.teamId);
    const [next] = await tx
      .select({ id: conversations.id, teamName: teams.name })
      .from(conversations)
      .leftJoin(teams, eq(teams.id, conversations.teamId))
      .where(
        and(
          eq(conversations.workspaceId, workspaceId),
          teamIds.length > 0
            ? or(isNull(conversations.teamId), inArray(conversations.teamId, teamIds))
            : isNull(conversations.teamId),
          isNull(conversations.assigneeId),
          eq(conversations.status, "open"),
          sql`${conversations.requiredSkills} <@ ${JSON.stringify(agent.skills.map((skill) => skill.toLowerCase()))}::jsonb`,
        ),
      )
      .orderBy(
        asc(conversations.priority),
        sql`${conversations.slaDueAt} asc nulls last`,
        sql`coalesce(${conversations.queuedAt}, ${conversations.createdAt}) asc`,
        asc(conversations.id),
      )
      .limit(1)
      .for("update", { of: conversations, skipLocked: true });
    if (!next) return { conversationId: null, events: [] };
    await tx
      .update(conversations)
      .set({ assigneeId: userId, assignedAt: now, reclaimedFromUserId: null })
      .where(and(eq(conversations.workspaceId, workspaceId), eq(conversations.id, next.id)));
    await tx
      .update(agentRoutingProfiles)
      .set({ lastAssignedAt: now })
      .where(and(eq(agentRoutingProfiles.workspaceId, workspaceId), eq(agentRoutingProfiles.userId, userId)));
    const summary = `Claimed by ${agent.name} from ${next.teamName ? `${next.teamName}'s queue` : "the unassigned queue"} (${agent.openCount + 1}/${agent.capacity} open)`;
    await recordDecision(tx, {
      workspaceId,
      conversationId: next.id,
      trigger: "claim",
      teamId: null,
      chosenUserId: userId,
      summary,
    });
    const event = await recordEvent(tx, {
      workspaceId,
      type: "conversation.updated",
      conversationId: next.id,
      payload: { conversationId: next.id, assigneeId: userId, routing: summary },
    });
    return { conversationId: next.id, events: [event] };
  });
  await ctx.dispatcher.dispatch(result.events);
  return { conversationId: result.conversationId };
}
