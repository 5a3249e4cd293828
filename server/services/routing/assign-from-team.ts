import { and, asc, eq, inArray, isNull } from "drizzle-orm";
import type { Executor } from "@/db";
import { agentRoutingProfiles, conversations, routingDecisions, teamMembers, users } from "@/db/schema";
import {
  chooseAgent,
  type AgentCandidate,
  type AgentChoice,
  type AssignmentStrategy,
} from "@/server/routing/candidates";
import { recordEvent, type StoredEvent } from "../outbox/record-event";
import { lockProfiles, openCountsOf } from "./routing-statements";

/**
 * The team's agents as routing sees them, their profile rows locked in id order: whoever holds
 * the locks is the only one giving these agents work, so capacity counts cannot go stale and
 * two nodes locking the same agents cannot deadlock.
 */
export async function lockCandidates(
  tx: Executor,
  workspaceId: string,
  userIds: string[],
  options: { lock: boolean } = { lock: true },
): Promise<AgentCandidate[]> {
  if (userIds.length === 0) return [];
  const profiles = options.lock
    ? await lockProfiles(tx, workspaceId, userIds)
    : await readProfiles(tx, workspaceId, userIds);
  // A statement of its own, after the locks: it sees every assignment committed before them.
  const openBy = await openCountsOf(tx, workspaceId, userIds);
  return profiles.map((profile) => ({
    userId: profile.userId,
    name: profile.name,
    online: profile.availability === "online",
    skills: profile.skills,
    capacity: profile.capacity,
    openCount: openBy.get(profile.userId) ?? 0,
    lastAssignedAt: profile.lastAssignedAt,
  }));
}

async function readProfiles(tx: Executor, workspaceId: string, userIds: string[]) {
  return tx
    .select({
      userId: agentRoutingProfiles.userId,
      availability: agentRoutingProfiles.availability,
      skills: agentRoutingProfiles.skills,
      capacity: agentRoutingProfiles.capacity,
      lastAssignedAt: agentRoutingProfiles.lastAssignedAt,
      name: users.name,
    })
    .from(agentRoutingProfiles)
    .innerJoin(users, eq(users.id, agentRoutingProfiles.userId))
    .where(and(eq(agentRoutingProfiles.workspaceId, workspaceId), inArray(agentRoutingProfiles.userId, userIds)))
    .orderBy(asc(agentRoutingProfiles.userId));
}

export async function teamMemberIds(tx: Executor, workspaceId: string, teamId: string): Promise<string[]> {
  const rows = await tx
    .select({ userId: teamMembers.userId })
    .from(teamMembers)
    .where(and(eq(teamMembers.workspaceId, workspaceId), eq(teamMembers.teamId, teamId)));
  return rows.map((row) => row.userId);
}

export type Assignment = { choice: AgentChoice; assigned: boolean; events: StoredEvent[] };

/**
 * Gives a waiting conversation to the team's best candidate, under the candidates' locks. The
 * conversation changes only if it is still unassigned, so it is never assigned twice.
 */
export async function assignFromCandidates(
  tx: Executor,
  input: {
    workspaceId: string;
    conversationId: string;
    strategy: AssignmentStrategy;
    candidates: AgentCandidate[];
    requiredSkills: string[];
    now: Date;
  },
): Promise<Assignment> {
  const choice = chooseAgent({
    strategy: input.strategy,
    candidates: input.candidates,
    requiredSkills: input.requiredSkills,
  });
  if (!choice.chosen) return { choice, assigned: false, events: [] };
  const chosen = choice.chosen;
  const [updated] = await tx
    .update(conversations)
    .set({ assigneeId: chosen.userId, assignedAt: input.now })
    .where(
      and(
        eq(conversations.workspaceId, input.workspaceId),
        eq(conversations.id, input.conversationId),
        isNull(conversations.assigneeId),
      ),
    )
    .returning({ id: conversations.id });
  if (!updated) return { choice, assigned: false, events: [] };
  await tx
    .update(agentRoutingProfiles)
    .set({ lastAssignedAt: input.now })
    .where(
      and(eq(agentRoutingProfiles.workspaceId, input.workspaceId), eq(agentRoutingProfiles.userId, chosen.userId)),
    );
  // The candidate list is reused for the next conversation in the same transaction.
  chosen.openCount += 1;
  chosen.lastAssignedAt = input.now;
  const event = await recordEvent(tx, {
    workspaceId: input.workspaceId,
    type: "conversation.updated",
    conversationId: input.conversationId,
    payload: { conversationId: input.conversationId, assigneeId: chosen.userId, routing: choice.summary },
  });
  return { choice, assigned: true, events: [event] };
}

export async function recordDecision(tx: Executor, decision: typeof routingDecisions.$inferInsert): Promise<void> {
  await tx.insert(routingDecisions).values(decision);
}
