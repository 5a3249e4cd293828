import { eq } from "drizzle-orm";
import type { Executor } from "@/db";
import { users } from "@/db/schema";
import type { AgentActor } from "@/server/actor";
import { hashPassword } from "@/server/auth/password";
import { confirmPassword, endSessionsExcept } from "./end-other-sessions";
import type { ChangePasswordInput } from "./schemas";

/** A new password signs the user out everywhere but here: whoever knew the old one loses their session. */
export async function changePassword(
  db: Executor,
  actor: AgentActor & { sessionId?: string },
  input: ChangePasswordInput,
): Promise<{ endedSessions: number }> {
  await confirmPassword(db, actor.userId, input.currentPassword);
  await db
    .update(users)
    .set({ passwordHash: await hashPassword(input.newPassword) })
    .where(eq(users.id, actor.userId));
  return { endedSessions: await endSessionsExcept(db, actor.userId, actor.sessionId) };
}
