import { and, eq } from "drizzle-orm";
import type { Database } from "@/db";
import { agentRoutingProfiles, memberships } from "@/db/schema";
import type { AgentActor } from "@/server/actor";
import { ConflictError } from "@/server/errors";
import { sessionGuard } from "@/server/realtime/session-guard";
import { recordAudit } from "../audit/record-audit";
import { endMemberSessions } from "../session/end-session";
import { assertAnotherActiveAdmin, requireMembership } from "./require-membership";
import type { MemberRef } from "./schemas";

/**
 * The member can no longer sign in here; every session they have ends now, realtime included.
 * Routing sees them offline: nothing new is handed to them, and their open conversations are
 * requeued after the offline grace period like anyone else's.
 */
export async function deactivateMember(db: Database, actor: AgentActor, input: MemberRef): Promise<void> {
  if (input.userId === actor.userId) throw new ConflictError("You cannot deactivate yourself");
  await db.transaction(async (tx) => {
    const membership = await requireMembership(tx, actor.workspaceId, input.userId);
    if (membership.deactivatedAt) return;
    await assertAnotherActiveAdmin(tx, membership);
    await tx.update(memberships).set({ deactivatedAt: new Date() }).where(eq(memberships.id, membership.id));
    await endMemberSessions(tx, membership, "member_deactivated");
    await tx
      .update(agentRoutingProfiles)
      .set({ availability: "offline", offlineSince: new Date() })
      .where(
        and(eq(agentRoutingProfiles.workspaceId, actor.workspaceId), eq(agentRoutingProfiles.userId, input.userId)),
      );
    await recordAudit(tx, {
      workspaceId: actor.workspaceId,
      actorUserId: actor.userId,
      action: "member.deactivated",
      targetType: "member",
      targetId: input.userId,
    });
  });
  await sessionGuard()?.sweep();
}
