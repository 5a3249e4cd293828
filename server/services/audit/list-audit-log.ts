import { and, desc, eq, sql, type SQL } from "drizzle-orm";
import { alias } from "drizzle-orm/pg-core";
import type { Executor } from "@/db";
import { auditLog, inboxes, users } from "@/db/schema";
import type { AgentActor } from "@/server/actor";
import type { ListAuditLogInput } from "./schemas";

export type AuditEntryView = {
  id: string;
  at: Date;
  action: string;
  /** Null when the person has since been deleted. */
  actor: { userId: string; name: string } | null;
  target: { type: string; id: string; label: string | null };
  details: Record<string, unknown>;
};

const targetUser = alias(users, "target_user");

/**
 * Newest first, keyset-paginated on (created_at, id). The cursor is the last entry's id and its
 * position is looked up again in the database, so timestamps never lose precision in transit.
 */
export async function listAuditLog(
  db: Executor,
  actor: AgentActor,
  input: ListAuditLogInput,
): Promise<{ items: AuditEntryView[]; nextCursor: string | null }> {
  const conditions: SQL[] = [eq(auditLog.workspaceId, actor.workspaceId)];
  if (input.cursor) {
    conditions.push(
      sql`(${auditLog.createdAt}, ${auditLog.id}) < (select a.created_at, a.id from audit_log a where a.id = ${input.cursor} and a.workspace_id = ${actor.workspaceId})`,
    );
  }
  const rows = await db
    .select({
      entry: auditLog,
      actorName: users.name,
      inboxName: inboxes.name,
      memberName: targetUser.name,
    })
    .from(auditLog)
    .leftJoin(users, eq(users.id, auditLog.actorUserId))
    .leftJoin(
      inboxes,
      and(
        eq(auditLog.targetType, "inbox"),
        eq(inboxes.id, auditLog.targetId),
        eq(inboxes.workspaceId, auditLog.workspaceId),
      ),
    )
    .leftJoin(targetUser, and(eq(auditLog.targetType, "member"), eq(targetUser.id, auditLog.targetId)))
    .where(and(...conditions))
    .orderBy(desc(auditLog.createdAt), desc(auditLog.id))
    .limit(input.limit + 1);

  const page = rows.slice(0, input.limit);
  return {
    items: page.map(({ entry, actorName, inboxName, memberName }) => ({
      id: entry.id,
      at: entry.createdAt,
      action: entry.action,
      actor: entry.actorUserId && actorName !== null ? { userId: entry.actorUserId, name: actorName } : null,
      target: {
        type: entry.targetType,
        id: entry.targetId,
        // The current name; the one written at the time when the target is gone.
        label: inboxName ?? memberName ?? (typeof entry.details.name === "string" ? entry.details.name : null),
      },
      details: entry.details,
    })),
    nextCursor: rows.length > input.limit ? (page.at(-1)?.entry.id ?? null) : null,
  };
}
