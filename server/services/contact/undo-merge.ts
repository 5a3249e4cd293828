import { and, eq, inArray, isNull } from "drizzle-orm";
import type { Executor } from "@/db";
import { contactIdentities, contactMerges, contacts, conversations } from "@/db/schema";
import { ConflictError, NotFoundError } from "@/server/errors";
import { recordEvent, type StoredEvent } from "../outbox/record-event";
import { lockContactPair } from "./merge-contacts";

export type UndoMergeInput = { workspaceId: string; mergeId: string; actorUserId: string | null };

/**
 * Undoes a merge inside the caller's transaction: the identities and conversations that
 * moved go back, the survivor's fields are restored, and the merged contact is live again.
 * Conversations started on the survivor after the merge stay where they are.
 */
export async function undoMerge(tx: Executor, input: UndoMergeInput): Promise<{ events: StoredEvent[] }> {
  const { workspaceId, mergeId } = input;
  const [merge] = await tx
    .select()
    .from(contactMerges)
    .where(and(eq(contactMerges.workspaceId, workspaceId), eq(contactMerges.id, mergeId)))
    .for("update");
  if (!merge) throw new NotFoundError("Merge not found");
  if (merge.undoneAt) throw new ConflictError("This merge was already undone");
  const locked = await lockContactPair(tx, workspaceId, [merge.survivorId, merge.mergedId]);
  const survivor = locked.find((row) => row.id === merge.survivorId);
  const merged = locked.find((row) => row.id === merge.mergedId);
  if (!survivor || !merged) throw new NotFoundError("Contact not found");
  if (survivor.mergedIntoId) {
    throw new ConflictError("This contact was merged into another one since; undo that merge first");
  }

  const { identityIds, conversationIds, survivorBefore } = merge.snapshot;
  if (identityIds.length > 0) {
    await tx
      .update(contactIdentities)
      .set({ contactId: merged.id })
      .where(
        and(
          eq(contactIdentities.workspaceId, workspaceId),
          eq(contactIdentities.contactId, survivor.id),
          inArray(contactIdentities.id, identityIds),
        ),
      );
  }
  if (conversationIds.length > 0) {
    await tx
      .update(conversations)
      .set({ contactId: merged.id })
      .where(
        and(
          eq(conversations.workspaceId, workspaceId),
          eq(conversations.contactId, survivor.id),
          inArray(conversations.id, conversationIds),
        ),
      );
  }
  await tx
    .update(contacts)
    .set({
      name: survivorBefore.name,
      email: survivorBefore.email,
      phone: survivorBefore.phone,
      attributes: survivorBefore.attributes,
    })
    .where(eq(contacts.id, survivor.id));
  await tx.update(contacts).set({ mergedIntoId: null }).where(eq(contacts.id, merged.id));
  await tx
    .update(contactMerges)
    .set({ undoneAt: new Date(), undoneByUserId: input.actorUserId })
    .where(and(eq(contactMerges.id, merge.id), isNull(contactMerges.undoneAt)));
  const event = await recordEvent(tx, {
    workspaceId,
    type: "contact.unmerged",
    conversationId: null,
    payload: { mergeId, survivorId: survivor.id, mergedId: merged.id, conversationIds },
  });
  return { events: [event] };
}
