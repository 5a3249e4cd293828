import { and, eq, ne } from "drizzle-orm";
import { agentRoutingProfiles, conversations, memberships, teamMembers } from "@/db/schema";
import type { AgentActor } from "@/server/actor";
import { ConflictError } from "@/server/errors";
import { sessionGuard } from "@/server/realtime/session-guard";
import { recordAudit } from "../audit/record-audit";
import type { ServiceContext } from "../context";
import { updateTriageFields } from "../conversation/update-triage-fields";
import { endMemberSessions } from "../session/end-session";
import { assertAnotherActiveAdmin, requireMembership } from "./require-membership";
import type { MemberRef } from "./schemas";

/**
 * Takes a person out of the workspace: their sessions end now (realtime included), their open
 * conversations go back to the unassigned queue, and they leave every team and routing, so
 * nothing is handed to them again. Their messages stay in history.
 */
export async function removeMember(ctx: ServiceContext, actor: AgentActor, input: MemberRef): Promise<void> {
  if (input.userId === actor.userId) throw new ConflictError("You cannot remove yourself");
  const events = await ctx.db.transaction(async (tx) => {
    const membership = await requireMembership(tx, actor.workspaceId, input.userId);
    await assertAnotherActiveAdmin(tx, membership);
    await endMemberSessions(tx, membership, "member_removed");
    const assigned = await tx
      .select({ id: conversations.id })
      .from(conversations)
      .where(
        and(
          eq(conversations.workspaceId, actor.workspaceId),
          eq(conversations.assigneeId, input.userId),
          ne(conversations.status, "resolved"),
        ),
      );
    const unassigned = [];
    for (const { id } of assigned) unassigned.push(await updateTriageFields(tx, actor, id, { assigneeId: null }));
    await tx
      .delete(teamMembers)
      .where(and(eq(teamMembers.workspaceId, actor.workspaceId), eq(teamMembers.userId, input.userId)));
    await tx
      .delete(agentRoutingProfiles)
      .where(
        and(eq(agentRoutingProfiles.workspaceId, actor.workspaceId), eq(agentRoutingProfiles.userId, input.userId)),
      );
    await tx.delete(memberships).where(eq(memberships.id, membership.id));
    await recordAudit(tx, {
      workspaceId: actor.workspaceId,
      actorUserId: actor.userId,
      action: "member.removed",
      targetType: "member",
      targetId: input.userId,
      details: { role: membership.role, conversationsUnassigned: unassigned.length },
    });
    return unassigned;
  });
  await ctx.dispatcher.dispatch(events);
  await sessionGuard()?.sweep();
}
