import { and, asc, eq, inArray } from "drizzle-orm";
import type { Executor } from "@/db";
import { contactIdentities, contactMerges, contacts, conversations, type MergeSnapshot } from "@/db/schema";
import { ConflictError, InvalidInputError, NotFoundError } from "@/server/errors";
import { recordEvent, type StoredEvent } from "../outbox/record-event";

export type MergeReason = "verified_identity" | "agent";

export type MergeInput = {
  workspaceId: string;
  /** The contact that remains; the other one's identities and conversations move onto it. */
  survivorId: string;
  mergedId: string;
  reason: MergeReason;
  actorUserId: string | null;
};

export type MergeResult = { mergeId: string; events: StoredEvent[] };

type ContactRow = typeof contacts.$inferSelect;

/** Names Switchboard made up for an anonymous visitor; a real name always wins over one. */
export const isPlaceholderName = (name: string | null) => !name || /^Visitor [0-9A-Z]{4}$/.test(name);

/** Locks both contacts in id order (concurrent merges of the same pair cannot deadlock). */
export async function lockContactPair(tx: Executor, workspaceId: string, ids: [string, string]): Promise<ContactRow[]> {
  return tx
    .select()
    .from(contacts)
    .where(and(eq(contacts.workspaceId, workspaceId), inArray(contacts.id, ids)))
    .orderBy(asc(contacts.id))
    .for("update");
}

/** The verified external (host application) user ids each contact holds. */
async function verifiedExternalIds(tx: Executor, workspaceId: string, contactIds: string[]) {
  return tx
    .select({ contactId: contactIdentities.contactId, value: contactIdentities.value })
    .from(contactIdentities)
    .where(
      and(
        eq(contactIdentities.workspaceId, workspaceId),
        inArray(contactIdentities.contactId, contactIds),
        eq(contactIdentities.kind, "external_id"),
        eq(contactIdentities.verified, true),
      ),
    );
}

/**
 * Merges one contact into another inside the caller's transaction: identities and
 * conversations move to the survivor, its blank fields are filled from the merged contact,
 * and the merged contact stays behind (marked) so the merge can be undone exactly. Two
 * contacts verified as different users of the host application are never merged.
 */
export async function mergeContacts(tx: Executor, input: MergeInput): Promise<MergeResult> {
  const { workspaceId, survivorId, mergedId } = input;
  if (survivorId === mergedId) throw new InvalidInputError("A contact cannot be merged into itself");
  const locked = await lockContactPair(tx, workspaceId, [survivorId, mergedId]);
  const survivor = locked.find((row) => row.id === survivorId);
  const merged = locked.find((row) => row.id === mergedId);
  if (!survivor || !merged) throw new NotFoundError("Contact not found");
  if (survivor.mergedIntoId || merged.mergedIntoId) {
    throw new ConflictError("One of these contacts was already merged into another; reload and try again");
  }
  const external = await verifiedExternalIds(tx, workspaceId, [survivorId, mergedId]);
  const survivorUsers = new Set(external.filter((row) => row.contactId === survivorId).map((row) => row.value));
  if (external.some((row) => row.contactId === mergedId && !survivorUsers.has(row.value)) && survivorUsers.size > 0) {
    throw new ConflictError("These contacts are verified as different users of your application and cannot be merged");
  }

  const movedIdentities = await tx
    .update(contactIdentities)
    .set({ contactId: survivorId })
    .where(and(eq(contactIdentities.workspaceId, workspaceId), eq(contactIdentities.contactId, mergedId)))
    .returning({ id: contactIdentities.id });
  const movedConversations = await tx
    .update(conversations)
    .set({ contactId: survivorId })
    .where(and(eq(conversations.workspaceId, workspaceId), eq(conversations.contactId, mergedId)))
    .returning({ id: conversations.id });

  const survivorBefore: MergeSnapshot["survivorBefore"] = {
    name: survivor.name,
    email: survivor.email,
    phone: survivor.phone,
    attributes: survivor.attributes,
  };
  await tx
    .update(contacts)
    .set({
      name: isPlaceholderName(survivor.name) && !isPlaceholderName(merged.name) ? merged.name : survivor.name,
      email: survivor.email ?? merged.email,
      phone: survivor.phone ?? merged.phone,
      attributes: { ...merged.attributes, ...survivor.attributes },
      lastSeenAt: latest(survivor.lastSeenAt, merged.lastSeenAt),
    })
    .where(eq(contacts.id, survivorId));
  await tx.update(contacts).set({ mergedIntoId: survivorId }).where(eq(contacts.id, mergedId));

  const snapshot: MergeSnapshot = {
    identityIds: movedIdentities.map((row) => row.id),
    conversationIds: movedConversations.map((row) => row.id),
    survivorBefore,
  };
  const [merge] = await tx
    .insert(contactMerges)
    .values({ workspaceId, survivorId, mergedId, reason: input.reason, actorUserId: input.actorUserId, snapshot })
    .returning({ id: contactMerges.id });
  if (!merge) throw new Error("merge insert returned nothing");
  const event = await recordEvent(tx, {
    workspaceId,
    type: "contact.merged",
    conversationId: null,
    payload: {
      mergeId: merge.id,
      survivorId,
      mergedId,
      reason: input.reason,
      conversationIds: snapshot.conversationIds,
    },
  });
  return { mergeId: merge.id, events: [event] };
}

function latest(a: Date | null, b: Date | null): Date | null {
  if (!a) return b;
  if (!b) return a;
  return a > b ? a : b;
}
