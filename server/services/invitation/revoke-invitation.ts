import { and, eq, isNull } from "drizzle-orm";
import type { Database } from "@/db";
import { invitations } from "@/db/schema";
import type { AgentActor } from "@/server/actor";
import { NotFoundError } from "@/server/errors";
import { recordAudit } from "../audit/record-audit";
import type { InvitationRef } from "./schemas";

/** The link stops working at once. */
export async function revokeInvitation(db: Database, actor: AgentActor, input: InvitationRef): Promise<void> {
  await db.transaction(async (tx) => {
    const [row] = await tx
      .update(invitations)
      .set({ revokedAt: new Date() })
      .where(
        and(
          eq(invitations.id, input.invitationId),
          eq(invitations.workspaceId, actor.workspaceId),
          isNull(invitations.acceptedAt),
          isNull(invitations.revokedAt),
        ),
      )
      .returning({ email: invitations.email });
    if (!row) throw new NotFoundError("That invitation does not exist or is no longer pending");
    await recordAudit(tx, {
      workspaceId: actor.workspaceId,
      actorUserId: actor.userId,
      action: "member.invitation_revoked",
      targetType: "invitation",
      targetId: input.invitationId,
      details: { email: row.email },
    });
  });
}
