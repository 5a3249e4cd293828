import { runTransaction } from "@/db/run-transaction";
import type { AgentActor } from "@/server/actor";
import { recordAudit } from "../audit/record-audit";
import type { ServiceContext } from "../context";
import { mergeContacts } from "./merge-contacts";
import type { MergeContactsByAgentInput } from "./schemas";

/**
 * An agent joins a duplicate into the contact they are looking at. Both must be live contacts
 * of the agent's workspace; the merge, its audit entry and its event commit together.
 */
export async function mergeContactsByAgent(
  ctx: ServiceContext,
  actor: AgentActor,
  input: MergeContactsByAgentInput,
): Promise<{ mergeId: string; survivorId: string }> {
  const result = await runTransaction(ctx.db, async (tx) => {
    const merge = await mergeContacts(tx, {
      workspaceId: actor.workspaceId,
      survivorId: input.survivorId,
      mergedId: input.mergedId,
      reason: "agent",
      actorUserId: actor.userId,
    });
    await recordAudit(tx, {
      workspaceId: actor.workspaceId,
      actorUserId: actor.userId,
      action: "contact.merged",
      targetType: "contact",
      targetId: input.survivorId,
      details: { mergeId: merge.mergeId, mergedId: input.mergedId },
    });
    return merge;
  });
  await ctx.dispatcher.dispatch(result.events);
  return { mergeId: result.mergeId, survivorId: input.survivorId };
}
