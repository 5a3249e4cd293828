import { and, desc, eq, gt, isNull } from "drizzle-orm";
import type { Executor } from "@/db";
import { authSessions } from "@/db/schema";
import type { AgentActor } from "@/server/actor";
import type { SessionPolicy } from "../session/session-policy";

export type SessionView = {
  id: string;
  createdAt: Date;
  lastSeenAt: Date;
  userAgent: string | null;
  clientAddress: string | null;
  current: boolean;
};

/** The signed-in agent's own live sessions in this workspace: where they are signed in, and since when. */
export async function listSessions(
  db: Executor,
  policy: SessionPolicy,
  actor: AgentActor & { sessionId?: string },
  now = new Date(),
): Promise<SessionView[]> {
  const rows = await db
    .select()
    .from(authSessions)
    .where(
      and(
        eq(authSessions.workspaceId, actor.workspaceId),
        eq(authSessions.userId, actor.userId),
        isNull(authSessions.revokedAt),
        gt(authSessions.expiresAt, now),
        gt(authSessions.lastSeenAt, new Date(now.getTime() - policy.idleMs)),
      ),
    )
    .orderBy(desc(authSessions.lastSeenAt))
    .limit(50);
  return rows.map((row) => ({
    id: row.id,
    createdAt: row.createdAt,
    lastSeenAt: row.lastSeenAt,
    userAgent: row.userAgent,
    clientAddress: row.clientAddress,
    current: row.id === actor.sessionId,
  }));
}
