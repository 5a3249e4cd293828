import { and, eq } from "drizzle-orm";
import type { Executor } from "@/db";
import { contacts } from "@/db/schema";
import { NotFoundError } from "@/server/errors";

export type ContactRow = typeof contacts.$inferSelect;

// A chain longer than this means a cycle, which merges never create; stop rather than loop.
const MAX_MERGE_HOPS = 16;

/**
 * A contact of the workspace, following merges to the contact it lives on now: an old link to
 * a merged contact opens the survivor. Another workspace's id is simply not found.
 */
export async function requireLiveContact(db: Executor, workspaceId: string, contactId: string): Promise<ContactRow> {
  let id = contactId;
  for (let hop = 0; hop <= MAX_MERGE_HOPS; hop++) {
    const [contact] = await db
      .select()
      .from(contacts)
      .where(and(eq(contacts.workspaceId, workspaceId), eq(contacts.id, id)));
    if (!contact) break;
    if (!contact.mergedIntoId) return contact;
    id = contact.mergedIntoId;
  }
  throw new NotFoundError("Contact not found");
}
