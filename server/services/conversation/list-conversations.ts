import { and, asc, desc, eq, gt, inArray, isNull, lt, or, sql, type SQL } from "drizzle-orm";
import { z } from "zod";
import type { Executor } from "@/db";
import { conversationPriority, conversations, teamMembers } from "@/db/schema";
import type { AgentActor } from "@/server/actor";
import { InvalidInputError } from "@/server/errors";
import type { ListConversationsInput } from "./schemas";
import { selectConversationRows, toConversationView, type ConversationView } from "./views";

const Cursor = z.object({
  p: z.enum(conversationPriority.enumValues),
  s: z.iso.datetime().nullable(),
  t: z.iso.datetime(),
  id: z.string().max(64),
});
type Cursor = z.infer<typeof Cursor>;

const encodeCursor = (cursor: Cursor) => Buffer.from(JSON.stringify(cursor)).toString("base64url");

function decodeCursor(raw: string): Cursor {
  try {
    return Cursor.parse(JSON.parse(Buffer.from(raw, "base64url").toString("utf8")));
  } catch {
    throw new InvalidInputError("The list cursor is not valid; reload the list");
  }
}

/** Newest activity first, then id: the tie-breaker after priority and SLA. */
function afterActivity(cursor: Cursor): SQL {
  const at = new Date(cursor.t);
  return or(
    lt(conversations.lastActivityAt, at),
    and(eq(conversations.lastActivityAt, at), lt(conversations.id, cursor.id)),
  ) as SQL;
}

/**
 * Triage order: most urgent first, then the SLA due soonest (none last), then most recent
 * activity, keyset-paginated.
 */
function afterCursor(cursor: Cursor): SQL {
  const samePriority = eq(conversations.priority, cursor.p);
  const later = cursor.s
    ? or(
        gt(conversations.slaDueAt, new Date(cursor.s)),
        isNull(conversations.slaDueAt),
        and(eq(conversations.slaDueAt, new Date(cursor.s)), afterActivity(cursor)),
      )
    : and(isNull(conversations.slaDueAt), afterActivity(cursor));
  return or(gt(conversations.priority, cursor.p), and(samePriority, later)) as SQL;
}

export async function listConversations(
  db: Executor,
  actor: AgentActor,
  input: ListConversationsInput,
): Promise<{ items: ConversationView[]; nextCursor: string | null }> {
  const conditions: SQL[] = [eq(conversations.workspaceId, actor.workspaceId)];
  if (input.status !== "all") conditions.push(eq(conversations.status, input.status));
  if (input.assignee === "me") conditions.push(eq(conversations.assigneeId, actor.userId));
  else if (input.assignee === "unassigned") conditions.push(isNull(conversations.assigneeId));
  else if (input.assignee !== "any") conditions.push(eq(conversations.assigneeId, input.assignee));
  if (input.inboxId) conditions.push(eq(conversations.inboxId, input.inboxId));
  if (input.priority) conditions.push(eq(conversations.priority, input.priority));
  if (input.team === "mine") {
    conditions.push(
      inArray(
        conversations.teamId,
        db
          .select({ id: teamMembers.teamId })
          .from(teamMembers)
          .where(and(eq(teamMembers.workspaceId, actor.workspaceId), eq(teamMembers.userId, actor.userId))),
      ),
    );
  }
  if (input.cursor) conditions.push(afterCursor(decodeCursor(input.cursor)));

  const rows = await selectConversationRows(db)
    .where(and(...conditions))
    .orderBy(
      asc(conversations.priority),
      sql`${conversations.slaDueAt} asc nulls last`,
      desc(conversations.lastActivityAt),
      desc(conversations.id),
    )
    .limit(input.limit + 1);

  const page = rows.slice(0, input.limit);
  const last = page.at(-1);
  const nextCursor =
    rows.length > input.limit && last
      ? encodeCursor({
          p: last.conversation.priority,
          s: last.conversation.slaDueAt?.toISOString() ?? null,
          t: last.conversation.lastActivityAt.toISOString(),
          id: last.conversation.id,
        })
      : null;
  return { items: page.map((row) => toConversationView(row.conversation, row.inbox, row.contact)), nextCursor };
}
