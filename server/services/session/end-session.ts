import { and, eq, isNull } from "drizzle-orm";
import type { Executor } from "@/db";
import { authSessions } from "@/db/schema";

export type EndReason = "signed_out" | "member_removed" | "member_deactivated" | "signed_out_elsewhere";

/** Ends one session (sign-out); later requests with its cookie are refused. */
export async function endSession(db: Executor, sessionId: string, reason: EndReason = "signed_out"): Promise<void> {
  await db
    .update(authSessions)
    .set({ revokedAt: new Date(), revokedReason: reason })
    .where(and(eq(authSessions.id, sessionId), isNull(authSessions.revokedAt)));
}

/** Ends every session a user has in a workspace, e.g. when their membership is removed or deactivated. */
export async function endMemberSessions(
  db: Executor,
  member: { workspaceId: string; userId: string },
  reason: EndReason,
): Promise<number> {
  const ended = await db
    .update(authSessions)
    .set({ revokedAt: new Date(), revokedReason: reason })
    .where(
      and(
        eq(authSessions.workspaceId, member.workspaceId),
        eq(authSessions.userId, member.userId),
        isNull(authSessions.revokedAt),
      ),
    )
    .returning({ id: authSessions.id });
  return ended.length;
}
