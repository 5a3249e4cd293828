import { and, eq } from "drizzle-orm";
import type { Executor } from "@/db";
import { conversations } from "@/db/schema";
import { NotFoundError } from "@/server/errors";
import type { ConversationRow } from "./views";

/**
 * The tenant-scoped way to load a conversation. Another workspace's conversation is
 * reported as not found, never as forbidden, so ids leak nothing.
 */
export async function requireConversation(
  db: Executor,
  workspaceId: string,
  conversationId: string,
  options: { forUpdate?: boolean } = {},
): Promise<ConversationRow> {
  const query = db
    .select()
    .from(conversations)
    .where(and(eq(conversations.workspaceId, workspaceId), eq(conversations.id, conversationId)));
  const [row] = options.forUpdate ? await query.for("update") : await query;
  if (!row) throw new NotFoundError("Conversation not found");
  return row;
}
