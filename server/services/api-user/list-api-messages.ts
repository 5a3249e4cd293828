import { and, asc, eq, gt, ne } from "drizzle-orm";
import { messages } from "@/db/schema";
import type { ApiMessage, ListApiMessagesQuery } from "@/server/channels/api/schemas";
import { toMessageView } from "../message/views";
import type { ApiContext } from "./context";
import { requireApiConversation } from "./require-api-conversation";
import type { ApiUser } from "./require-api-user";
import { toApiMessage } from "./views";

/** A page of the user's conversation in seq order, without private notes; `after` resyncs. */
export async function listApiMessages(
  ctx: ApiContext,
  requester: ApiUser,
  conversationId: string,
  query: ListApiMessagesQuery,
): Promise<{ messages: ApiMessage[]; hasMore: boolean }> {
  const conversation = await requireApiConversation(ctx.db, requester, conversationId);
  const rows = await ctx.db
    .select()
    .from(messages)
    .where(
      and(
        eq(messages.workspaceId, conversation.workspaceId),
        eq(messages.conversationId, conversation.id),
        ne(messages.direction, "note"),
        ...(query.after !== undefined ? [gt(messages.seq, query.after)] : []),
      ),
    )
    .orderBy(asc(messages.seq))
    .limit(query.limit + 1);
  const page = rows.slice(0, query.limit);
  return { messages: page.map((row) => toApiMessage(toMessageView(row))), hasMore: rows.length > query.limit };
}
