import { and, desc, eq } from "drizzle-orm";
import { conversations } from "@/db/schema";
import type { ApiConversation } from "@/server/channels/api/schemas";
import type { ApiContext } from "./context";
import type { ApiUser } from "./require-api-user";
import { toApiConversation } from "./views";

const MAX_CONVERSATIONS = 100;

/** The user's conversations in this inbox, latest activity first. */
export async function listApiConversations(
  ctx: ApiContext,
  requester: ApiUser,
): Promise<{ conversations: ApiConversation[] }> {
  if (!requester.contactId) return { conversations: [] };
  const rows = await ctx.db
    .select()
    .from(conversations)
    .where(
      and(
        eq(conversations.workspaceId, requester.inbox.workspaceId),
        eq(conversations.inboxId, requester.inbox.id),
        eq(conversations.contactId, requester.contactId),
      ),
    )
    .orderBy(desc(conversations.lastActivityAt), desc(conversations.id))
    .limit(MAX_CONVERSATIONS);
  return { conversations: rows.map(toApiConversation) };
}
