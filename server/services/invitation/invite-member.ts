import { and, eq, isNull } from "drizzle-orm";
import type { Database } from "@/db";
import { invitations, memberships, users } from "@/db/schema";
import type { AgentActor } from "@/server/actor";
import { ConflictError } from "@/server/errors";
import { recordAudit } from "../audit/record-audit";
import { hashInvitationToken, invitationPath, newInvitationToken } from "./invitation-token";
import { INVITATION_TTL_DAYS, type InviteMemberInput } from "./schemas";

export type NewInvitation = { invitationId: string; email: string; path: string; expiresAt: Date };

/**
 * Invites a person by email. No mail transport is configured, so the link is returned to be
 * shown to the admin once; inviting the same address again replaces the earlier link.
 */
export async function inviteMember(
  db: Database,
  actor: AgentActor,
  input: InviteMemberInput,
  now = new Date(),
): Promise<NewInvitation> {
  const token = newInvitationToken();
  const expiresAt = new Date(now.getTime() + INVITATION_TTL_DAYS * 86_400_000);
  const invitationId = await db.transaction(async (tx) => {
    const [existing] = await tx
      .select({ userId: users.id, workspaceId: memberships.workspaceId })
      .from(users)
      .leftJoin(memberships, eq(memberships.userId, users.id))
      .where(eq(users.email, input.email));
    if (existing?.workspaceId === actor.workspaceId) {
      throw new ConflictError(`${input.email} is already a member of this workspace`);
    }
    if (existing?.workspaceId) {
      throw new ConflictError(`${input.email} already belongs to another workspace; one account has one workspace`);
    }
    await tx
      .update(invitations)
      .set({ revokedAt: now })
      .where(
        and(
          eq(invitations.workspaceId, actor.workspaceId),
          eq(invitations.email, input.email),
          isNull(invitations.acceptedAt),
          isNull(invitations.revokedAt),
        ),
      );
    const [row] = await tx
      .insert(invitations)
      .values({
        workspaceId: actor.workspaceId,
        email: input.email,
        role: input.role,
        tokenHash: hashInvitationToken(token),
        invitedByUserId: actor.userId,
        expiresAt,
        createdAt: now,
      })
      .returning({ id: invitations.id });
    if (!row) throw new Error("invitation insert returned nothing");
    await recordAudit(tx, {
      workspaceId: actor.workspaceId,
      actorUserId: actor.userId,
      action: "member.invited",
      targetType: "invitation",
      targetId: row.id,
      details: { email: input.email, role: input.role },
    });
    return row.id;
  });
  return { invitationId, email: input.email, path: invitationPath(token), expiresAt };
}
