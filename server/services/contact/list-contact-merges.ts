import { and, desc, eq, or } from "drizzle-orm";
import { alias } from "drizzle-orm/pg-core";
import type { Executor } from "@/db";
import { contactMerges, contacts, users } from "@/db/schema";
import type { AgentActor } from "@/server/actor";
import { requireLiveContact } from "./require-live-contact";

export type ContactMergeView = {
  id: string;
  survivorId: string;
  mergedId: string;
  mergedName: string | null;
  survivorName: string | null;
  reason: string;
  actorName: string | null;
  createdAt: string;
  undoneAt: string | null;
  undoneByName: string | null;
  conversationCount: number;
  identityCount: number;
};

/** Every merge the contact took part in, newest first, with who made or undid it. */
export async function listContactMerges(
  db: Executor,
  actor: AgentActor,
  contactId: string,
): Promise<ContactMergeView[]> {
  const contact = await requireLiveContact(db, actor.workspaceId, contactId);
  const merged = alias(contacts, "merged");
  const survivor = alias(contacts, "survivor");
  const actorUser = alias(users, "actor_user");
  const undoneBy = alias(users, "undone_by");
  const rows = await db
    .select({
      merge: contactMerges,
      mergedName: merged.name,
      survivorName: survivor.name,
      actorName: actorUser.name,
      undoneByName: undoneBy.name,
    })
    .from(contactMerges)
    .innerJoin(merged, eq(merged.id, contactMerges.mergedId))
    .innerJoin(survivor, eq(survivor.id, contactMerges.survivorId))
    .leftJoin(actorUser, eq(actorUser.id, contactMerges.actorUserId))
    .leftJoin(undoneBy, eq(undoneBy.id, contactMerges.undoneByUserId))
    .where(
      and(
        eq(contactMerges.workspaceId, actor.workspaceId),
        or(eq(contactMerges.survivorId, contact.id), eq(contactMerges.mergedId, contact.id)),
      ),
    )
    .orderBy(desc(contactMerges.createdAt))
    .limit(50);
  return rows.map(({ merge, ...names }) => ({
    id: merge.id,
    survivorId: merge.survivorId,
    mergedId: merge.mergedId,
    mergedName: names.mergedName,
    survivorName: names.survivorName,
    reason: merge.reason,
    actorName: names.actorName,
    createdAt: merge.createdAt.toISOString(),
    undoneAt: merge.undoneAt?.toISOString() ?? null,
    undoneByName: names.undoneByName,
    conversationCount: merge.snapshot.conversationIds.length,
    identityCount: merge.snapshot.identityIds.length,
  }));
}
