import { and, eq } from "drizzle-orm";
import type { Executor } from "@/db";
import { conversations } from "@/db/schema";
import { requireConversation } from "../conversation/require-conversation";
import { recordEvent, type StoredEvent } from "../outbox/record-event";
import { assignFromCandidates, lockCandidates, recordDecision, teamMemberIds } from "./assign-from-team";
import { teamSettings } from "./routing-config";

export type RequeueTrigger = "offline_requeue" | "reclaim" | "sla_escalation";

const WHY: Record<RequeueTrigger, string> = {
  offline_requeue: "Requeued: the agent went offline",
  reclaim: "Reclaimed: unanswered too long",
  sla_escalation: "Reassigned: SLA breached",
};

/**
 * Takes a conversation back from its agent and routes it again within its team, never to the
 * agent it was taken from. Without a team, or with nobody fitting, it waits in the queue.
 */
export async function requeueConversation(
  tx: Executor,
  input: { workspaceId: string; conversationId: string; trigger: RequeueTrigger; fromUserId: string | null; now: Date },
): Promise<{ assigneeId: string | null; summary: string; events: StoredEvent[] }> {
  const { workspaceId, now } = input;
  const conversation = await requireConversation(tx, workspaceId, input.conversationId, { forUpdate: true });
  await tx
    .update(conversations)
    .set({ assigneeId: null, assignedAt: null, queuedAt: now, reclaimedFromUserId: input.fromUserId })
    .where(and(eq(conversations.workspaceId, workspaceId), eq(conversations.id, conversation.id)));
  const events: StoredEvent[] = [];
  let summary = WHY[input.trigger];
  let assigneeId: string | null = null;
  let verdicts: Awaited<ReturnType<typeof assignFromCandidates>>["choice"]["verdicts"] = [];
  if (conversation.teamId) {
    const team = await teamSettings(tx, workspaceId, conversation.teamId);
    const members = (await teamMemberIds(tx, workspaceId, conversation.teamId)).filter((id) => id !== input.fromUserId);
    const assignment = await assignFromCandidates(tx, {
      workspaceId,
      conversationId: conversation.id,
      strategy: team.strategy,
      candidates: await lockCandidates(tx, workspaceId, members),
      requiredSkills: conversation.requiredSkills,
      now,
    });
    verdicts = assignment.choice.verdicts;
    summary = `${summary}; ${assignment.choice.summary}`;
    if (assignment.assigned) assigneeId = assignment.choice.chosen?.userId ?? null;
    events.push(...assignment.events);
  }
  if (!assigneeId) {
    events.push(
      await recordEvent(tx, {
        workspaceId,
        type: "conversation.updated",
        conversationId: conversation.id,
        payload: { conversationId: conversation.id, assigneeId: null, routing: summary },
      }),
    );
  }
  await recordDecision(tx, {
    workspaceId,
    conversationId: conversation.id,
    trigger: input.trigger,
    verdicts,
    teamId: conversation.teamId,
    chosenUserId: assigneeId,
    summary,
  });
  return { assigneeId, summary, events };
}
