import { and, eq } from "drizzle-orm";
import type { Executor } from "@/db";
import { rawBatch } from "@/db/raw-query";
import { routingDecisions, teamMembers } from "@/db/schema";
import {
  chooseAgent,
  type AgentCandidate,
  type AgentChoice,
  type AssignmentStrategy,
} from "@/server/routing/candidates";
import type { StoredEvent } from "../outbox/record-event";
import {
  agentProfiles,
  assignConversation,
  insertDecision,
  openCountsOf,
  type AgentProfile,
} from "./routing-statements";

/** The agents as routing sees them: their profiles and what counts against their capacity now. */
export function candidatesOf(profiles: AgentProfile[], openBy: Map<string, number>): AgentCandidate[] {
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

/**
 * The agents as routing sees them, their profile rows locked in id order: whoever holds the
 * locks is the only one giving these agents work, so capacity counts cannot go stale and two
 * nodes locking the same agents cannot deadlock. The count is a statement of its own, sent with
 * the lock but run after it, so it sees every assignment committed before the locks were taken.
 */
export async function lockCandidates(
  tx: Executor,
  workspaceId: string,
  userIds: string[],
  options: { lock: boolean } = { lock: true },
): Promise<AgentCandidate[]> {
  if (userIds.length === 0) return [];
  const [profiles, openBy] = await rawBatch(tx, [
    agentProfiles(workspaceId, userIds, options.lock),
    openCountsOf(workspaceId, userIds),
  ]);
  return candidatesOf(profiles, openBy);
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
  const [event] = await rawBatch(tx, [
    assignConversation({
      workspaceId: input.workspaceId,
      conversationId: input.conversationId,
      userId: choice.chosen.userId,
      now: input.now,
      summary: choice.summary,
    }),
  ]);
  if (!event) return { choice, assigned: false, events: [] };
  tookOne(choice.chosen, input.now);
  return { choice, assigned: true, events: [event] };
}

/** The candidate list is reused for the next conversation in the same transaction. */
export function tookOne(agent: AgentCandidate, now: Date): void {
  agent.openCount += 1;
  agent.lastAssignedAt = now;
}

export async function recordDecision(tx: Executor, decision: typeof routingDecisions.$inferInsert): Promise<void> {
  await rawBatch(tx, [insertDecision(decision)]);
}
