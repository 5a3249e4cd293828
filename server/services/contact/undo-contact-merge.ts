import { runTransaction } from "@/db/run-transaction";
import type { AgentActor } from "@/server/actor";
import { recordAudit } from "../audit/record-audit";
import type { ServiceContext } from "../context";
import type { UndoContactMergeInput } from "./schemas";
import { undoMerge } from "./undo-merge";

/** An agent undoes a merge (theirs, a colleague's or an automatic one) of their workspace. */
export async function undoContactMerge(
  ctx: ServiceContext,
  actor: AgentActor,
  input: UndoContactMergeInput,
): Promise<{ mergeId: string }> {
  const { events } = await runTransaction(ctx.db, async (tx) => {
    const undone = await undoMerge(tx, {
      workspaceId: actor.workspaceId,
      mergeId: input.mergeId,
      actorUserId: actor.userId,
    });
    await recordAudit(tx, {
      workspaceId: actor.workspaceId,
      actorUserId: actor.userId,
      action: "contact.merge_undone",
      targetType: "contact_merge",
      targetId: input.mergeId,
    });
    return undone;
  });
  await ctx.dispatcher.dispatch(events);
  return { mergeId: input.mergeId };
}
