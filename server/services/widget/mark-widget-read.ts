import { runTransaction } from "@/db/run-transaction";
import { NotFoundError } from "@/server/errors";
import type { ServiceContext } from "../context";
import { recordContactRead } from "../conversation/record-contact-read";
import { requireConversation } from "../conversation/require-conversation";
import type { WidgetContext } from "./context";
import { resolveVisitor } from "./resolve-visitor";
import type { MarkWidgetReadInput } from "./schemas";

/** The visitor saw their conversation up to `seq`: agents see their replies as read. */
export async function markWidgetRead(
  ctx: Pick<WidgetContext, "db" | "visitorKeys"> & ServiceContext,
  input: MarkWidgetReadInput,
): Promise<{ contactLastReadSeq: number }> {
  const visitor = await resolveVisitor(ctx.db, ctx.visitorKeys, input);
  const workspaceId = visitor.inbox.workspaceId;
  const conversation = await requireConversation(ctx.db, workspaceId, input.conversationId);
  if (conversation.contactId !== visitor.contactId || conversation.inboxId !== visitor.inbox.id) {
    throw new NotFoundError("Conversation not found");
  }
  const read = await runTransaction(
    ctx.db,
    (tx) =>
      recordContactRead(tx, { workspaceId, inboxId: visitor.inbox.id, conversationId: conversation.id }, input.seq),
    { idempotent: true },
  );
  await ctx.dispatcher.dispatch(read.events);
  return { contactLastReadSeq: read.contactLastReadSeq };
}
