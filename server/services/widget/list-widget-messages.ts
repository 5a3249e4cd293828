import { NotFoundError } from "@/server/errors";
import { requireConversation } from "../conversation/require-conversation";
import { listMessages, type MessagePage } from "../message/list-messages";
import type { WidgetContext } from "./context";
import { resolveVisitor } from "./resolve-visitor";
import type { ListWidgetMessagesInput } from "./schemas";

/**
 * A visitor reads only their own conversation, and never its private notes; with it, how far the
 * agents have read (for the "read" ticks on the visitor's own messages).
 */
export async function listWidgetMessages(
  { db, visitorKeys }: Pick<WidgetContext, "db" | "visitorKeys">,
  input: ListWidgetMessagesInput,
): Promise<MessagePage & { agentLastReadSeq: number }> {
  const visitor = await resolveVisitor(db, visitorKeys, input);
  const workspaceId = visitor.inbox.workspaceId;
  const conversation = await requireConversation(db, workspaceId, input.conversationId);
  if (conversation.contactId !== visitor.contactId || conversation.inboxId !== visitor.inbox.id) {
    throw new NotFoundError("Conversation not found");
  }
  const page = await listMessages(
    db,
    { workspaceId, includeNotes: false },
    { conversationId: conversation.id, afterSeq: input.afterSeq, limit: input.limit },
  );
  return { ...page, agentLastReadSeq: conversation.agentLastReadSeq };
}
