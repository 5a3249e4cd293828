import { and, desc, eq } from "drizzle-orm";
import type { Executor } from "@/db";
import { conversations, routingDecisions, teams, users } from "@/db/schema";
import type { AgentActor } from "@/server/actor";
import { NotFoundError } from "@/server/errors";
import { selectConversationRows, toConversationView, type ConversationView } from "./views";

export type RoutingExplanation = {
  summary: string;
  trigger: string;
  at: string;
  matchedRules: string[];
  verdicts: { name: string; eligible: boolean; reasons: string[] }[];
};

export type ConversationDetail = ConversationView & {
  assignee: { id: string; name: string } | null;
  team: { id: string; name: string } | null;
  /** Why the conversation is where it is: the latest routing decision. */
  routing: RoutingExplanation | null;
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
  const teamId = row.conversation.teamId;
  const [team] = teamId
    ? await db
        .select({ id: teams.id, name: teams.name })
        .from(teams)
        .where(and(eq(teams.workspaceId, actor.workspaceId), eq(teams.id, teamId)))
    : [];
  const [decision] = await db
    .select()
    .from(routingDecisions)
    .where(
      and(eq(routingDecisions.workspaceId, actor.workspaceId), eq(routingDecisions.conversationId, conversationId)),
    )
    .orderBy(desc(routingDecisions.createdAt))
    .limit(1);
  return {
    ...toConversationView(row.conversation, row.inbox, row.contact),
    assignee: assignee ?? null,
    team: team ?? null,
    routing: decision
      ? {
          summary: decision.summary,
          trigger: decision.trigger,
          at: decision.createdAt.toISOString(),
          matchedRules: decision.matchedRules.map((rule) => rule.name),
          verdicts: decision.verdicts.map(({ name, eligible, reasons }) => ({ name, eligible, reasons })),
        }
      : null,
    agentLastReadSeq: row.conversation.agentLastReadSeq,
    contactLastReadSeq: row.conversation.contactLastReadSeq,
  };
}
