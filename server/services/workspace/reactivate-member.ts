import { eq } from "drizzle-orm";
import type { Database } from "@/db";
import { memberships } from "@/db/schema";
import type { AgentActor } from "@/server/actor";
import { recordAudit } from "../audit/record-audit";
import { requireMembership } from "./require-membership";
import type { MemberRef } from "./schemas";

/** Lets a deactivated member sign in again; their old sessions stay ended. */
export async function reactivateMember(db: Database, actor: AgentActor, input: MemberRef): Promise<void> {
  await db.transaction(async (tx) => {
    const membership = await requireMembership(tx, actor.workspaceId, input.userId);
    if (!membership.deactivatedAt) return;
    await tx.update(memberships).set({ deactivatedAt: null }).where(eq(memberships.id, membership.id));
    await recordAudit(tx, {
      workspaceId: actor.workspaceId,
      actorUserId: actor.userId,
      action: "member.reactivated",
      targetType: "member",
      targetId: input.userId,
    });
  });
}
