import { and, eq, isNull } from "drizzle-orm";
import type { Executor } from "@/db";
import { authSessions } from "@/db/schema";
import type { AgentActor } from "@/server/actor";
import { NotFoundError } from "@/server/errors";
import { sessionGuard } from "@/server/realtime/session-guard";
import type { EndSessionInput } from "./schemas";

/** Signs one of your own sessions out (a lost laptop, a shared computer); someone else's is "not found". */
export async function endOwnSession(db: Executor, actor: AgentActor, input: EndSessionInput): Promise<void> {
  const ended = await db
    .update(authSessions)
    .set({ revokedAt: new Date(), revokedReason: "signed_out_elsewhere" })
    .where(
      and(
        eq(authSessions.id, input.sessionId),
        eq(authSessions.userId, actor.userId),
        eq(authSessions.workspaceId, actor.workspaceId),
        isNull(authSessions.revokedAt),
      ),
    )
    .returning({ id: authSessions.id });
  if (ended.length === 0) throw new NotFoundError("Session not found");
  await sessionGuard()?.sweep();
}
