import { count, eq } from "drizzle-orm";
import type { Database } from "@/db";
import { contactIdentities, contacts, conversations, events, messages } from "@/db/schema";

export type WorkspaceCounts = {
  contacts: number;
  identities: number;
  conversations: number;
  messages: number;
  events: number;
};

/** Row counts for one workspace, so a test can prove a rejected call stored nothing. */
export async function countsFor(db: Database, workspaceId: string): Promise<WorkspaceCounts> {
  const tally = async (query: Promise<{ n: number }[]>) => (await query)[0]?.n ?? 0;
  return {
    contacts: await tally(db.select({ n: count() }).from(contacts).where(eq(contacts.workspaceId, workspaceId))),
    identities: await tally(
      db.select({ n: count() }).from(contactIdentities).where(eq(contactIdentities.workspaceId, workspaceId)),
    ),
    conversations: await tally(
      db.select({ n: count() }).from(conversations).where(eq(conversations.workspaceId, workspaceId)),
    ),
    messages: await tally(db.select({ n: count() }).from(messages).where(eq(messages.workspaceId, workspaceId))),
    events: await tally(db.select({ n: count() }).from(events).where(eq(events.workspaceId, workspaceId))),
  };
}
