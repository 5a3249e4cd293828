import { and, desc, eq, ne } from "drizzle-orm";
import type { Executor } from "@/db";
import { conversations } from "@/db/schema";
import type { ConversationRow } from "../conversation/views";

/** The visitor's current thread in this inbox: the latest one not yet resolved. */
export async function findOpenConversation(
  db: Executor,
  scope: { workspaceId: string; inboxId: string; contactId: string },
  options: { forUpdate?: boolean } = {},
): Promise<ConversationRow | null> {
  const query = db
    .select()
    .from(conversations)
    .where(
      and(
        eq(conversations.workspaceId, scope.workspaceId),
        eq(conversations.inboxId, scope.inboxId),
        eq(conversations.contactId, scope.contactId),
        ne(conversations.status, "resolved"),
      ),
    )
    .orderBy(desc(conversations.createdAt))
    .limit(1);
  const [row] = options.forUpdate ? await query.for("update") : await query;
  return row ?? null;
}
