import { eq } from "drizzle-orm";
import type { Database } from "@/db";
import { memberships } from "@/db/schema";
import type { AgentActor } from "@/server/actor";
import { recordAudit } from "../audit/record-audit";
import { assertAnotherActiveAdmin, requireMembership } from "./require-membership";
import type { ChangeMemberRoleInput } from "./schemas";

/** Takes effect on the member's next request: roles are read from the membership each time. */
export async function changeMemberRole(db: Database, actor: AgentActor, input: ChangeMemberRoleInput): Promise<void> {
  await db.transaction(async (tx) => {
    const membership = await requireMembership(tx, actor.workspaceId, input.userId);
    if (membership.role === input.role) return;
    if (input.role !== "admin") await assertAnotherActiveAdmin(tx, membership);
    await tx.update(memberships).set({ role: input.role }).where(eq(memberships.id, membership.id));
    await recordAudit(tx, {
      workspaceId: actor.workspaceId,
      actorUserId: actor.userId,
      action: "member.role_changed",
      targetType: "member",
      targetId: input.userId,
      details: { from: membership.role, to: input.role },
    });
  });
}
