import { and, eq, isNull, ne } from "drizzle-orm";
import type { Executor } from "@/db";
import { authSessions, users } from "@/db/schema";
import type { AgentActor } from "@/server/actor";
import { verifyPassword } from "@/server/auth/password";
import { ForbiddenError, NotFoundError } from "@/server/errors";
import { sessionGuard } from "@/server/realtime/session-guard";

/** Confirms a sensitive account change with the user's own password. */
export async function confirmPassword(db: Executor, userId: string, password: string): Promise<void> {
  const [user] = await db.select({ hash: users.passwordHash }).from(users).where(eq(users.id, userId));
  if (!user) throw new NotFoundError("Account not found");
  if (!(await verifyPassword(password, user.hash))) throw new ForbiddenError("That password is not right");
}

/** Ends every session of the user except `keep`, in every workspace; returns how many ended. */
export async function endSessionsExcept(db: Executor, userId: string, keep: string | undefined): Promise<number> {
  const ended = await db
    .update(authSessions)
    .set({ revokedAt: new Date(), revokedReason: "signed_out_elsewhere" })
    .where(
      and(
        eq(authSessions.userId, userId),
        isNull(authSessions.revokedAt),
        keep ? ne(authSessions.id, keep) : undefined,
      ),
    )
    .returning({ id: authSessions.id });
  await sessionGuard()?.sweep();
  return ended.length;
}

/** "Sign out everywhere else", after re-entering the password. */
export async function endOtherSessions(
  db: Executor,
  actor: AgentActor & { sessionId?: string },
  input: { currentPassword: string },
): Promise<{ ended: number }> {
  await confirmPassword(db, actor.userId, input.currentPassword);
  return { ended: await endSessionsExcept(db, actor.userId, actor.sessionId) };
}
