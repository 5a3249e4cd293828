import { and, asc, desc, eq, inArray, isNull, sql } from "drizzle-orm";
import type { Executor } from "@/db";
import { conversations, routingDecisions, teamMembers, teamRouting } from "@/db/schema";
import type { StoredEvent } from "../outbox/record-event";
import { assignFromCandidates, lockCandidates, recordDecision } from "./assign-from-team";

/**
 * Offers an agent who has room the next waiting conversations of their teams, in serving order
 * (priority, SLA due, time waiting), as many as their free capacity allows. Conversations being
 * routed elsewhere right now are skipped, not waited for.
 */
export async function offerNext(
  tx: Executor,
  input: { workspaceId: string; userId: string; now: Date },
): Promise<{ assigned: string[]; events: StoredEvent[] }> {
  const { workspaceId, userId, now } = input;
  const [agent] = await lockCandidates(tx, workspaceId, [userId]);
  if (!agent || !agent.online || agent.openCount >= agent.capacity) return { assigned: [], events: [] };

  const teams = await tx
    .select({ teamId: teamMembers.teamId })
    .from(teamMembers)
    .leftJoin(teamRouting, eq(teamRouting.teamId, teamMembers.teamId))
    .where(
      and(
        eq(teamMembers.workspaceId, workspaceId),
        eq(teamMembers.userId, userId),
        // Manual teams wait to be claimed.
        sql`coalesce(${teamRouting.strategy}, 'round_robin') <> 'manual'`,
      ),
    );
  if (teams.length === 0) return { assigned: [], events: [] };

  const waiting = await tx
    .select({ id: conversations.id, requiredSkills: conversations.requiredSkills, teamId: conversations.teamId })
    .from(conversations)
    .where(
      and(
        eq(conversations.workspaceId, workspaceId),
        inArray(
          conversations.teamId,
          teams.map((team) => team.teamId),
        ),
        isNull(conversations.assigneeId),
        eq(conversations.status, "open"),
        sql`${conversations.reclaimedFromUserId} is distinct from ${userId}`,
        sql`${conversations.requiredSkills} <@ ${JSON.stringify(agent.skills.map((skill) => skill.toLowerCase()))}::jsonb`,
      ),
    )
    .orderBy(
      asc(conversations.priority),
      sql`${conversations.slaDueAt} asc nulls last`,
      asc(conversations.queuedAt),
      asc(conversations.id),
    )
    .limit(agent.capacity - agent.openCount)
    .for("update", { skipLocked: true });

  const assigned: string[] = [];
  const events: StoredEvent[] = [];
  for (const conversation of waiting) {
    const assignment = await assignFromCandidates(tx, {
      workspaceId,
      conversationId: conversation.id,
      strategy: "least_busy",
      candidates: [agent],
      requiredSkills: conversation.requiredSkills,
      now,
    });
    if (!assignment.assigned) continue;
    assigned.push(conversation.id);
    events.push(...assignment.events);
    // Keep how it was routed ("Routed to Billing by rule 'Refunds'") in front of who took it.
    const [routed] = await tx
      .select({ summary: routingDecisions.summary, matchedRules: routingDecisions.matchedRules })
      .from(routingDecisions)
      .where(
        and(
          eq(routingDecisions.conversationId, conversation.id),
          inArray(routingDecisions.trigger, ["new_conversation", "reopened"]),
        ),
      )
      .orderBy(desc(routingDecisions.createdAt))
      .limit(1);
    const how = routed?.summary.split("; ")[0] ?? "Waiting in the queue";
    await recordDecision(tx, {
      workspaceId,
      conversationId: conversation.id,
      trigger: "offer",
      matchedRules: routed?.matchedRules ?? [],
      verdicts: assignment.choice.verdicts,
      teamId: conversation.teamId,
      chosenUserId: userId,
      summary: `${how}; ${assignment.choice.summary} (offered from the queue)`,
    });
  }
  return { assigned, events };
}
