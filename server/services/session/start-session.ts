import type { Executor } from "@/db";
import { authSessions } from "@/db/schema";
import type { SessionPolicy } from "./session-policy";

export type NewSession = {
  userId: string;
  workspaceId: string;
  userAgent?: string | null;
  clientAddress?: string | null;
};

/** Records a sign-in; the cookie will carry only the returned session id. */
export async function startSession(
  db: Executor,
  policy: SessionPolicy,
  session: NewSession,
  now = new Date(),
): Promise<string> {
  const [row] = await db
    .insert(authSessions)
    .values({
      userId: session.userId,
      workspaceId: session.workspaceId,
      userAgent: session.userAgent?.slice(0, 300) ?? null,
      clientAddress: session.clientAddress?.slice(0, 64) ?? null,
      createdAt: now,
      lastSeenAt: now,
      expiresAt: new Date(now.getTime() + policy.maxAgeMs),
    })
    .returning({ id: authSessions.id });
  if (!row) throw new Error("session insert returned nothing");
  return row.id;
}
