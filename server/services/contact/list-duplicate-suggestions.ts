import { and, eq, inArray, isNull, ne, or, sql } from "drizzle-orm";
import type { Executor } from "@/db";
import { contactDuplicateDismissals, contactIdentities, contacts } from "@/db/schema";
import type { AgentActor } from "@/server/actor";
import { requireLiveContact } from "./require-live-contact";

export type DuplicateSuggestion = {
  id: string;
  name: string | null;
  email: string | null;
  phone: string | null;
  matchedOn: ("email" | "phone")[];
  createdAt: string;
};

const MAX_SUGGESTIONS = 10;

/**
 * Other live contacts of the workspace that are probably the same person: the same e-mail
 * (any case) or phone. Pairs an agent dismissed, and contacts verified as a different user of
 * the host application (which can never be merged), are not suggested.
 */
export async function listDuplicateSuggestions(
  db: Executor,
  actor: AgentActor,
  contactId: string,
): Promise<DuplicateSuggestion[]> {
  const { workspaceId } = actor;
  const contact = await requireLiveContact(db, workspaceId, contactId);
  const email = contact.email?.trim().toLowerCase() || null;
  const matches = [
    ...(email ? [sql`lower(${contacts.email}) = ${email}`] : []),
    ...(contact.phone ? [eq(contacts.phone, contact.phone)] : []),
  ];
  if (matches.length === 0) return [];
  const candidates = await db
    .select()
    .from(contacts)
    .where(
      and(
        eq(contacts.workspaceId, workspaceId),
        isNull(contacts.mergedIntoId),
        ne(contacts.id, contact.id),
        or(...matches),
      ),
    )
    .orderBy(contacts.createdAt)
    .limit(MAX_SUGGESTIONS * 2);
  if (candidates.length === 0) return [];

  const candidateIds = candidates.map((row) => row.id);
  const dismissed = await db
    .select({ first: contactDuplicateDismissals.firstContactId, second: contactDuplicateDismissals.secondContactId })
    .from(contactDuplicateDismissals)
    .where(
      and(
        eq(contactDuplicateDismissals.workspaceId, workspaceId),
        or(
          eq(contactDuplicateDismissals.firstContactId, contact.id),
          eq(contactDuplicateDismissals.secondContactId, contact.id),
        ),
      ),
    );
  const dismissedIds = new Set(dismissed.map((pair) => (pair.first === contact.id ? pair.second : pair.first)));
  const verifiedUsers = await db
    .select({ contactId: contactIdentities.contactId, value: contactIdentities.value })
    .from(contactIdentities)
    .where(
      and(
        eq(contactIdentities.workspaceId, workspaceId),
        inArray(contactIdentities.contactId, [contact.id, ...candidateIds]),
        eq(contactIdentities.kind, "external_id"),
        eq(contactIdentities.verified, true),
      ),
    );
  const usersOf = (id: string) => verifiedUsers.filter((row) => row.contactId === id).map((row) => row.value);
  const mine = usersOf(contact.id);
  const differentUser = (id: string) => {
    const theirs = usersOf(id);
    return mine.length > 0 && theirs.length > 0 && !theirs.some((user) => mine.includes(user));
  };

  return candidates
    .filter((row) => !dismissedIds.has(row.id) && !differentUser(row.id))
    .slice(0, MAX_SUGGESTIONS)
    .map((row) => ({
      id: row.id,
      name: row.name,
      email: row.email,
      phone: row.phone,
      matchedOn: [
        ...(email && row.email?.trim().toLowerCase() === email ? (["email"] as const) : []),
        ...(contact.phone && row.phone === contact.phone ? (["phone"] as const) : []),
      ],
      createdAt: row.createdAt.toISOString(),
    }));
}
