import type { Executor } from "@/db";
import { rawBatch } from "@/db/raw-query";
import { chooseAgent } from "@/server/routing/candidates";
import type { StoredEvent } from "../outbox/record-event";
import { lockCandidates, tookOne } from "./assign-from-team";
import { assignConversation, insertDecision, waitingForAgent } from "./routing-statements";

/**
 * Offers an agent who has room the next waiting conversations of their teams, in serving order
 * (priority, SLA due, time waiting), as many as their free capacity allows. Conversations being
 * routed elsewhere right now are skipped, not waited for. Three round trips whatever the number
 * offered: lock and count the agent, lock the conversations, write every assignment.
 */
export async function offerNext(
  tx: Executor,
  input: { workspaceId: string; userId: string; now: Date },
): Promise<{ assigned: string[]; events: StoredEvent[] }> {
  const { workspaceId, userId, now } = input;
  const [agent] = await lockCandidates(tx, workspaceId, [userId]);
  if (!agent || !agent.online || agent.openCount >= agent.capacity) return { assigned: [], events: [] };

  const [waiting] = await rawBatch(tx, [
    waitingForAgent({ workspaceId, userId, skills: agent.skills, limit: agent.capacity - agent.openCount }),
  ]);
  const assigned: string[] = [];
  const writes = [];
  for (const conversation of waiting) {
    const choice = chooseAgent({
      strategy: "least_busy",
      candidates: [agent],
      requiredSkills: conversation.requiredSkills,
    });
    if (!choice.chosen) continue;
    tookOne(agent, now);
    assigned.push(conversation.id);
    // Keep how it was routed ("Routed to Billing by rule 'Refunds'") in front of who took it.
    const how = conversation.routed?.summary.split("; ")[0] ?? "Waiting in the queue";
    writes.push(
      assignConversation({ workspaceId, conversationId: conversation.id, userId, now, summary: choice.summary }),
      insertDecision({
        workspaceId,
        conversationId: conversation.id,
        trigger: "offer",
        matchedRules: conversation.routed?.matchedRules ?? [],
        verdicts: choice.verdicts,
        teamId: conversation.teamId,
        chosenUserId: userId,
        summary: `${how}; ${choice.summary} (offered from the queue)`,
      }),
    );
  }
  if (writes.length === 0) return { assigned: [], events: [] };
  const results = await rawBatch(tx, writes);
  const events: StoredEvent[] = [];
  for (const result of results) {
    if (result === undefined) continue;
    // Each conversation is locked by this transaction and unassigned: nobody else can be first.
    if (result === null) throw new Error("a conversation locked for an offer was assigned by someone else");
    events.push(result);
  }
  return { assigned, events };
}
