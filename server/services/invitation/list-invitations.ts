import { and, desc, eq, gt, isNull } from "drizzle-orm";
import type { Executor } from "@/db";
import { invitations, users } from "@/db/schema";
import type { AgentActor } from "@/server/actor";

/** Invitations still waiting to be accepted, newest first. */
export async function listInvitations(db: Executor, actor: AgentActor, now = new Date()) {
  return db
    .select({
      invitationId: invitations.id,
      email: invitations.email,
      role: invitations.role,
      invitedBy: users.name,
      createdAt: invitations.createdAt,
      expiresAt: invitations.expiresAt,
    })
    .from(invitations)
    .leftJoin(users, eq(users.id, invitations.invitedByUserId))
    .where(
      and(
        eq(invitations.workspaceId, actor.workspaceId),
        isNull(invitations.acceptedAt),
        isNull(invitations.revokedAt),
        gt(invitations.expiresAt, now),
      ),
    )
    .orderBy(desc(invitations.createdAt))
    .limit(200);
}
