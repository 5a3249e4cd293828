import { and, eq, gt, inArray, isNull } from "drizzle-orm";
import type { Executor } from "@/db";
import { authSessions, memberships, users } from "@/db/schema";
import type { AgentActor } from "@/server/actor";
import { TOUCH_INTERVAL_MS, type SessionPolicy } from "./session-policy";

export type SessionAgent = AgentActor & { name: string; email: string; sessionId: string };

/** The conditions under which a session still counts: not ended, not idle, not too old, member still active. */
function liveSessionConditions(policy: SessionPolicy, now: Date) {
  return and(
    isNull(authSessions.revokedAt),
    gt(authSessions.expiresAt, now),
    gt(authSessions.lastSeenAt, new Date(now.getTime() - policy.idleMs)),
    isNull(memberships.deactivatedAt),
  );
}

const sessionsWithMembership = (db: Executor) =>
  db
    .select({
      sessionId: authSessions.id,
      userId: authSessions.userId,
      workspaceId: authSessions.workspaceId,
      lastSeenAt: authSessions.lastSeenAt,
      role: memberships.role,
      name: users.name,
      email: users.email,
    })
    .from(authSessions)
    .innerJoin(
      memberships,
      and(eq(memberships.userId, authSessions.userId), eq(memberships.workspaceId, authSessions.workspaceId)),
    )
    .innerJoin(users, eq(users.id, authSessions.userId));

/**
 * The agent behind a session id, as the database says now: role from the current
 * membership, null once the session is ended, idle, too old, or the member gone.
 */
export async function resolveSession(
  db: Executor,
  policy: SessionPolicy,
  sessionId: string,
  now = new Date(),
): Promise<SessionAgent | null> {
  const [row] = await sessionsWithMembership(db).where(
    and(eq(authSessions.id, sessionId), liveSessionConditions(policy, now)),
  );
  if (!row) return null;
  if (now.getTime() - row.lastSeenAt.getTime() > TOUCH_INTERVAL_MS) {
    await db.update(authSessions).set({ lastSeenAt: now }).where(eq(authSessions.id, sessionId));
  }
  return {
    kind: "agent",
    sessionId: row.sessionId,
    userId: row.userId,
    workspaceId: row.workspaceId,
    role: row.role,
    name: row.name,
    email: row.email,
  };
}

/** Which of these session ids still count; one query for a whole sweep of open connections. */
export async function liveSessionIds(
  db: Executor,
  policy: SessionPolicy,
  sessionIds: string[],
  now = new Date(),
): Promise<Set<string>> {
  if (sessionIds.length === 0) return new Set();
  const rows = await sessionsWithMembership(db).where(
    and(inArray(authSessions.id, sessionIds), liveSessionConditions(policy, now)),
  );
  return new Set(rows.map((row) => row.sessionId));
}
