import { and, asc, desc, eq, gt, lt, ne, type SQL } from "drizzle-orm";
import type { Executor } from "@/db";
import { messages } from "@/db/schema";
import { requireConversation } from "../conversation/require-conversation";
import type { ListMessagesInput } from "./schemas";
import { toMessageView, type MessageView } from "./views";

export type MessagePage = { messages: MessageView[]; lastSeq: number; hasMore: boolean };

/**
 * Messages in ascending seq order. With `afterSeq` it is a resync (oldest first from
 * there); otherwise the newest page, optionally before `beforeSeq`. Contacts never see
 * private notes.
 */
export async function listMessages(
  db: Executor,
  scope: { workspaceId: string; includeNotes: boolean },
  input: ListMessagesInput,
): Promise<MessagePage> {
  const conversation = await requireConversation(db, scope.workspaceId, input.conversationId);
  const conditions: SQL[] = [eq(messages.workspaceId, scope.workspaceId), eq(messages.conversationId, conversation.id)];
  if (!scope.includeNotes) conditions.push(ne(messages.direction, "note"));

  const resync = input.afterSeq !== undefined;
  if (resync) conditions.push(gt(messages.seq, input.afterSeq ?? 0));
  if (input.beforeSeq !== undefined) conditions.push(lt(messages.seq, input.beforeSeq));

  const rows = await db
    .select()
    .from(messages)
    .where(and(...conditions))
    .orderBy(resync ? asc(messages.seq) : desc(messages.seq))
    .limit(input.limit + 1);

  const hasMore = rows.length > input.limit;
  const page = rows.slice(0, input.limit);
  if (!resync) page.reverse();
  return { messages: page.map(toMessageView), lastSeq: conversation.lastSeq, hasMore };
}
