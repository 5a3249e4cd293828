import { NotFoundError } from "@/server/errors";
import { requireConversation } from "../conversation/require-conversation";
import { getQueueStatus, type QueueStatus } from "../routing/get-queue-status";
import type { WidgetContext } from "./context";
import { resolveVisitor } from "./resolve-visitor";
import type { WidgetQueueInput } from "./schemas";

/** A visitor sees their own place in line, never anyone else's. */
export async function getWidgetQueueStatus(
  { db, visitorKeys }: Pick<WidgetContext, "db" | "visitorKeys">,
  input: WidgetQueueInput,
): Promise<QueueStatus> {
  const visitor = await resolveVisitor(db, visitorKeys, input);
  const workspaceId = visitor.inbox.workspaceId;
  const conversation = await requireConversation(db, workspaceId, input.conversationId);
  if (conversation.contactId !== visitor.contactId || conversation.inboxId !== visitor.inbox.id) {
    throw new NotFoundError("Conversation not found");
  }
  return getQueueStatus(db, workspaceId, conversation.id);
}
