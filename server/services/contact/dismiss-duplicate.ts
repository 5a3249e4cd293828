import { runTransaction } from "@/db/run-transaction";
import { contactDuplicateDismissals } from "@/db/schema";
import type { AgentActor } from "@/server/actor";
import { InvalidInputError } from "@/server/errors";
import type { ServiceContext } from "../context";
import { recordEvent } from "../outbox/record-event";
import { requireLiveContact } from "./require-live-contact";
import type { DismissDuplicateInput } from "./schemas";

/** An agent says two contacts are different people: the pair is never suggested again. */
export async function dismissDuplicate(
  ctx: ServiceContext,
  actor: AgentActor,
  input: DismissDuplicateInput,
): Promise<{ dismissed: true }> {
  const { workspaceId } = actor;
  const event = await runTransaction(ctx.db, async (tx) => {
    const contact = await requireLiveContact(tx, workspaceId, input.contactId);
    const other = await requireLiveContact(tx, workspaceId, input.otherContactId);
    if (contact.id === other.id) throw new InvalidInputError("A contact cannot be a duplicate of itself");
    // Stored in id order, so (a, b) and (b, a) are one row; dismissing twice is harmless.
    const [first, second] = [contact.id, other.id].sort() as [string, string];
    await tx
      .insert(contactDuplicateDismissals)
      .values({ workspaceId, firstContactId: first, secondContactId: second, actorUserId: actor.userId })
      .onConflictDoNothing();
    return recordEvent(tx, {
      workspaceId,
      type: "contact.duplicate_dismissed",
      conversationId: null,
      payload: { contactIds: [first, second] },
    });
  });
  await ctx.dispatcher.dispatch([event]);
  return { dismissed: true };
}
