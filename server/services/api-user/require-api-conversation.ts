import { and, eq } from "drizzle-orm";
import type { Executor } from "@/db";
import { conversations } from "@/db/schema";
import { NotFoundError } from "@/server/errors";
import type { ConversationRow } from "../conversation/views";
import type { ApiUser } from "./require-api-user";

/** The user's own conversation in their inbox; anyone else's is "not found", never "forbidden". */
export async function requireApiConversation(
  db: Executor,
  requester: ApiUser,
  conversationId: string,
): Promise<ConversationRow> {
  const [row] = requester.contactId
    ? await db
        .select()
        .from(conversations)
        .where(
          and(
            eq(conversations.workspaceId, requester.inbox.workspaceId),
            eq(conversations.inboxId, requester.inbox.id),
            eq(conversations.contactId, requester.contactId),
            eq(conversations.id, conversationId),
          ),
        )
    : [];
  if (!row) throw new NotFoundError("Conversation not found");
  return row;
}
