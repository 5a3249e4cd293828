import { and, eq } from "drizzle-orm";
import type { Executor } from "@/db";
import { conversations, users } from "@/db/schema";
import type { AgentActor } from "@/server/actor";
import { NotFoundError } from "@/server/errors";
import { selectConversationRows, toConversationView, type ConversationView } from "./views";

export type ConversationDetail = ConversationView & {
  assignee: { id: string; name: string } | null;
  agentLastReadSeq: number;
  contactLastReadSeq: number;
};

export async function getConversation(
  db: Executor,
  actor: AgentActor,
  conversationId: string,
): Promise<ConversationDetail> {
  const [row] = await selectConversationRows(db).where(
    and(eq(conversations.workspaceId, actor.workspaceId), eq(conversations.id, conversationId)),
  );
  if (!row) throw new NotFoundError("Conversation not found");

  const assigneeId = row.conversation.assigneeId;
  const [assignee] = assigneeId
    ? await db.select({ id: users.id, name: users.name }).from(users).where(eq(users.id, assigneeId))
    : [];
  return {
    ...toConversationView(row.conversation, row.inbox, row.contact),
    assignee: assignee ?? null,
    agentLastReadSeq: row.conversation.agentLastReadSeq,
    contactLastReadSeq: row.conversation.contactLastReadSeq,
  };
}
