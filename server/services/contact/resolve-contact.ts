import { and, eq, or } from "drizzle-orm";
import type { Executor } from "@/db";
import { contactIdentities, contacts, type IdentityKind } from "@/db/schema";
import type { Sender, SenderIdentity } from "@/server/channels/contract";
import type { StoredEvent } from "../outbox/record-event";
import { isPlaceholderName, mergeContacts } from "./merge-contacts";

export type ResolveContactInput = {
  workspaceId: string;
  inboxId: string;
  sender: Sender;
  /** The name a brand-new contact gets when the sender gave none. */
  fallbackName: string;
};

export type ResolvedContact = {
  contactId: string;
  created: boolean;
  /** Contacts merged into this one because a verified identity proved they are the same person. */
  mergedContactIds: string[];
  events: StoredEvent[];
};

type FoundIdentity = {
  id: string;
  contactId: string;
  kind: IdentityKind;
  value: string;
  verified: boolean;
};

const key = (identity: { kind: string; value: string }) => `${identity.kind}\u0000${identity.value}`;

/** E-mail addresses compare case-insensitively; everything else exactly. */
export function normalizeIdentity(identity: SenderIdentity): SenderIdentity {
  return identity.kind === "email" ? { ...identity, value: identity.value.trim().toLowerCase() } : identity;
}

async function findIdentities(tx: Executor, workspaceId: string, claims: SenderIdentity[]): Promise<FoundIdentity[]> {
  if (claims.length === 0) return [];
  return tx
    .select({
      id: contactIdentities.id,
      contactId: contactIdentities.contactId,
      kind: contactIdentities.kind,
      value: contactIdentities.value,
      verified: contactIdentities.verified,
    })
    .from(contactIdentities)
    .where(
      and(
        eq(contactIdentities.workspaceId, workspaceId),
        or(
          ...claims.map((claim) =>
            and(eq(contactIdentities.kind, claim.kind), eq(contactIdentities.value, claim.value)),
          ),
        ),
      ),
    );
}

/** Verified host-application user ids held by a contact. */
async function verifiedExternalIdsOf(tx: Executor, workspaceId: string, contactId: string): Promise<string[]> {
  const rows = await tx
    .select({ value: contactIdentities.value })
    .from(contactIdentities)
    .where(
      and(
        eq(contactIdentities.workspaceId, workspaceId),
        eq(contactIdentities.contactId, contactId),
        eq(contactIdentities.kind, "external_id"),
        eq(contactIdentities.verified, true),
      ),
    );
  return rows.map((row) => row.value);
}

/**
 * The contact an inbound sender is, inside the caller's transaction: the one that already
 * holds the sender's identities, or a new one. The rules that keep one customer one contact
 * without ever joining two people:
 * - an unverified claim never lands on a contact through an identity someone verified (no one
 *   becomes a verified user by typing their id);
 * - a verified claim that matches an existing contact wins, and other contacts the sender
 *   provably is (their anonymous visitor id) are merged into it — unless that contact is
 *   verified as a different user, which is never merged;
 * - an unverified match on another contact (an e-mail typed into a form) is left for an agent
 *   to merge: the contact shows it as a possible duplicate.
 */
export async function resolveContact(tx: Executor, input: ResolveContactInput): Promise<ResolvedContact> {
  const claims = dedupe(input.sender.identities.map(normalizeIdentity));
  for (let attempt = 0; ; attempt++) {
    const resolved = await tryResolve(tx, input, claims);
    if (resolved) return resolved;
    // Another request created one of these identities at the same moment; look again.
    if (attempt >= 3) throw new Error("contact identity kept changing while resolving it");
  }
}

/**
 * The first usable match a sender may land on when none of their verified claims is known yet:
 * a proven user never lands on a contact proven to be another user (a browser where someone
 * else signed in before, without a reset); such a sender starts a contact of their own.
 */
async function firstNotProvenOther(
  tx: Executor,
  workspaceId: string,
  claims: SenderIdentity[],
  usable: { claim: SenderIdentity; row: FoundIdentity }[],
): Promise<{ claim: SenderIdentity; row: FoundIdentity } | undefined> {
  const claimedUsers = claims.filter((claim) => claim.kind === "external_id" && claim.verified).map((c) => c.value);
  if (claimedUsers.length === 0) return usable[0];
  for (const pair of usable) {
    const users = await verifiedExternalIdsOf(tx, workspaceId, pair.row.contactId);
    if (users.every((user) => claimedUsers.includes(user))) return pair;
  }
  return undefined;
}

function dedupe(claims: SenderIdentity[]): SenderIdentity[] {
  const byKey = new Map<string, SenderIdentity>();
  for (const claim of claims) {
    const existing = byKey.get(key(claim));
    byKey.set(key(claim), existing ? { ...claim, verified: existing.verified || claim.verified } : claim);
  }
  return [...byKey.values()];
}

async function tryResolve(
  tx: Executor,
  input: ResolveContactInput,
  claims: SenderIdentity[],
): Promise<ResolvedContact | null> {
  const { workspaceId } = input;
  const found = new Map((await findIdentities(tx, workspaceId, claims)).map((row) => [key(row), row]));
  // Which found identities this sender may land on.
  const usable = claims
    .map((claim) => ({ claim, row: found.get(key(claim)) }))
    .filter((pair): pair is { claim: SenderIdentity; row: FoundIdentity } => !!pair.row)
    .filter(({ claim, row }) => claim.verified || !row.verified);
  const verifiedAnchor = usable.find(({ claim }) => claim.verified);
  const anchor = verifiedAnchor ?? (await firstNotProvenOther(tx, workspaceId, claims, usable));

  // Identities someone else verified stay theirs; the new contact starts without them.
  if (!anchor)
    return createContact(
      tx,
      input,
      claims.filter((claim) => !found.has(key(claim))),
    );

  const contactId = anchor.row.contactId;
  const events: StoredEvent[] = [];
  const mergedContactIds: string[] = [];
  if (verifiedAnchor) {
    // The sender proved who they are; their other contacts (an anonymous visitor's) join this one.
    const anchorUsers = new Set(await verifiedExternalIdsOf(tx, workspaceId, contactId));
    const others = new Set(usable.filter(({ row }) => row.contactId !== contactId).map(({ row }) => row.contactId));
    for (const otherId of others) {
      const otherUsers = await verifiedExternalIdsOf(tx, workspaceId, otherId);
      if (otherUsers.some((user) => !anchorUsers.has(user))) continue;
      const merge = await mergeContacts(tx, {
        workspaceId,
        survivorId: contactId,
        mergedId: otherId,
        reason: "verified_identity",
        actorUserId: null,
      });
      events.push(...merge.events);
      mergedContactIds.push(otherId);
    }
  }

  // Attach what this contact does not hold yet; a verified claim upgrades an unverified identity.
  const anchorUsers = await verifiedExternalIdsOf(tx, workspaceId, contactId);
  for (const claim of claims) {
    const row = found.get(key(claim));
    if (row) {
      if (row.contactId === contactId && claim.verified && !row.verified) {
        await tx.update(contactIdentities).set({ verified: true }).where(eq(contactIdentities.id, row.id));
      }
      continue;
    }
    // A contact verified as one user never takes on a second user's id.
    if (claim.kind === "external_id" && claim.verified && anchorUsers.some((user) => user !== claim.value)) continue;
    const inserted = await tx
      .insert(contactIdentities)
      .values({
        workspaceId,
        contactId,
        kind: claim.kind,
        value: claim.value,
        verified: claim.verified,
        sourceInboxId: input.inboxId,
      })
      .onConflictDoNothing()
      .returning({ id: contactIdentities.id });
    if (inserted.length === 0 && claim.verified) return null;
  }
  await fillProfile(tx, contactId, input.sender, anchor.claim.verified);
  return { contactId, created: false, mergedContactIds, events };
}

async function createContact(
  tx: Executor,
  input: ResolveContactInput,
  claims: SenderIdentity[],
): Promise<ResolvedContact | null> {
  const { workspaceId, sender } = input;
  const [contact] = await tx
    .insert(contacts)
    .values({
      workspaceId,
      name: sender.name?.trim() || input.fallbackName,
      email: sender.email?.trim().toLowerCase() || null,
      phone: sender.phone ?? null,
    })
    .returning({ id: contacts.id });
  if (!contact) throw new Error("contact insert returned nothing");
  if (claims.length === 0) return { contactId: contact.id, created: true, mergedContactIds: [], events: [] };
  const inserted = await tx
    .insert(contactIdentities)
    .values(
      claims.map((claim) => ({
        workspaceId,
        contactId: contact.id,
        kind: claim.kind,
        value: claim.value,
        verified: claim.verified,
        sourceInboxId: input.inboxId,
      })),
    )
    .onConflictDoNothing()
    .returning({ id: contactIdentities.id });
  if (inserted.length === claims.length) {
    return { contactId: contact.id, created: true, mergedContactIds: [], events: [] };
  }
  // A concurrent request took one of the identities: drop ours (its identities go with it) and look again.
  await tx.delete(contacts).where(eq(contacts.id, contact.id));
  return null;
}

/** A verified sender's details are authoritative; an unverified one only fills blanks. */
async function fillProfile(tx: Executor, contactId: string, sender: Sender, verified: boolean): Promise<void> {
  const name = sender.name?.trim() || null;
  const email = sender.email?.trim().toLowerCase() || null;
  const phone = sender.phone ?? null;
  if (!name && !email && !phone) return;
  const [current] = await tx
    .select({ name: contacts.name, email: contacts.email, phone: contacts.phone })
    .from(contacts)
    .where(eq(contacts.id, contactId));
  if (!current) return;
  const next = {
    name: name && (verified || isPlaceholderName(current.name)) ? name : current.name,
    email: email && (verified || !current.email) ? email : current.email,
    phone: phone && (verified || !current.phone) ? phone : current.phone,
  };
  if (next.name === current.name && next.email === current.email && next.phone === current.phone) return;
  await tx.update(contacts).set(next).where(eq(contacts.id, contactId));
}
