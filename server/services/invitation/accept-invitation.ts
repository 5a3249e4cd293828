import { eq } from "drizzle-orm";
import type { Database } from "@/db";
import { invitations, memberships, users } from "@/db/schema";
import { hashPassword } from "@/server/auth/password";
import { ConflictError, NotFoundError } from "@/server/errors";
import { recordAudit } from "../audit/record-audit";
import { findInvitation } from "./find-invitation";
import { hashInvitationToken } from "./invitation-token";
import type { AcceptInvitationInput } from "./schemas";

const UNUSABLE = "This invitation link is not valid any more. Ask your admin for a new one.";

/**
 * Creates the invited person's account with the password they chose and makes them a member.
 * The invitation row is locked, so two tabs accepting one link at once create one account.
 */
export async function acceptInvitation(
  db: Database,
  input: AcceptInvitationInput,
  now = new Date(),
): Promise<{ email: string; workspaceId: string }> {
  // The cheap check first, so a made-up link costs no password hashing.
  await findInvitation(db, { token: input.token }, now);
  const passwordHash = await hashPassword(input.password);
  return db.transaction(async (tx) => {
    const [invitation] = await tx
      .select()
      .from(invitations)
      .where(eq(invitations.tokenHash, hashInvitationToken(input.token)))
      .for("update");
    if (!invitation || invitation.acceptedAt || invitation.revokedAt || invitation.expiresAt <= now) {
      throw new NotFoundError(UNUSABLE);
    }
    const [existing] = await tx
      .select({ userId: users.id, membershipId: memberships.id })
      .from(users)
      .leftJoin(memberships, eq(memberships.userId, users.id))
      .where(eq(users.email, invitation.email))
      .for("update", { of: users });
    if (existing?.membershipId) {
      throw new ConflictError(`${invitation.email} already has an account. Sign in instead.`);
    }
    let userId = existing?.userId;
    if (userId) {
      // Someone removed earlier comes back: the link proves they hold the address.
      await tx.update(users).set({ name: input.name, passwordHash }).where(eq(users.id, userId));
    } else {
      const [created] = await tx
        .insert(users)
        .values({ email: invitation.email, name: input.name, passwordHash })
        .onConflictDoNothing({ target: users.email })
        .returning({ id: users.id });
      // Another workspace's invitation to the same address was accepted a moment ago.
      if (!created) throw new ConflictError(`${invitation.email} already has an account. Sign in instead.`);
      userId = created.id;
    }
    await tx.insert(memberships).values({ workspaceId: invitation.workspaceId, userId, role: invitation.role });
    await tx
      .update(invitations)
      .set({ acceptedAt: now, acceptedUserId: userId })
      .where(eq(invitations.id, invitation.id));
    await recordAudit(tx, {
      workspaceId: invitation.workspaceId,
      actorUserId: userId,
      action: "member.joined",
      targetType: "member",
      targetId: userId,
      details: { email: invitation.email, role: invitation.role, invitationId: invitation.id },
    });
    return { email: invitation.email, workspaceId: invitation.workspaceId };
  });
}
