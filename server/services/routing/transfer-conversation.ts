import { and, eq, isNull } from "drizzle-orm";
import { runTransaction } from "@/db/run-transaction";
import { conversations, memberships, teams, users } from "@/db/schema";
import { hasRole, type AgentActor } from "@/server/actor";
import { ConflictError, ForbiddenError, NotFoundError } from "@/server/errors";
import type { ServiceContext } from "../context";
import { requireConversation } from "../conversation/require-conversation";
import { recordEvent, type StoredEvent } from "../outbox/record-event";
import { assignFromCandidates, lockCandidates, recordDecision, teamMemberIds } from "./assign-from-team";
import { teamSettings } from "./routing-config";
import type { TransferInput } from "./schemas";

/**
 * Hands a conversation to another agent, or to a team whose routing then picks an agent (or
 * queues it). Its agent may transfer it, and supervisors may transfer any. An agent receives it
 * only while online and below capacity; the decision is kept with the conversation.
 */
export async function transferConversation(
  ctx: ServiceContext,
  actor: AgentActor & { name: string },
  input: TransferInput,
  now = new Date(),
): Promise<{ assigneeId: string | null; teamId: string | null; summary: string }> {
  const { workspaceId } = actor;
  const result = await runTransaction(ctx.db, async (tx) => {
    const conversation = await requireConversation(tx, workspaceId, input.conversationId, { forUpdate: true });
    if (conversation.assigneeId !== actor.userId && !hasRole(actor, "supervisor")) {
      throw new ForbiddenError("Only the conversation's agent or a supervisor can transfer it");
    }
    if (conversation.status === "resolved") throw new ConflictError("Reopen the conversation before transferring it");
    const events: StoredEvent[] = [];

    if (input.to.kind === "agent") {
      const [member] = await tx
        .select({ userId: memberships.userId, name: users.name })
        .from(memberships)
        .innerJoin(users, eq(users.id, memberships.userId))
        .where(
          and(
            eq(memberships.workspaceId, workspaceId),
            eq(memberships.userId, input.to.userId),
            isNull(memberships.deactivatedAt),
          ),
        );
      if (!member) throw new NotFoundError("That agent is not an active member of this workspace");
      if (member.userId === conversation.assigneeId) throw new ConflictError(`${member.name} already has it`);
      const [target] = await lockCandidates(tx, workspaceId, [member.userId]);
      if (!target?.online) throw new ConflictError(`${member.name} is not online; transfer to their team instead`);
      if (target.openCount >= target.capacity) {
        throw new ConflictError(`${member.name} is at capacity (${target.openCount}/${target.capacity} open)`);
      }
      await tx
        .update(conversations)
        .set({ assigneeId: member.userId, assignedAt: now, reclaimedFromUserId: null })
        .where(and(eq(conversations.workspaceId, workspaceId), eq(conversations.id, conversation.id)));
      const summary = `Transferred by ${actor.name} to ${member.name} (${target.openCount + 1}/${target.capacity} open)`;
      await recordDecision(tx, {
        workspaceId,
        conversationId: conversation.id,
        trigger: "transfer",
        teamId: conversation.teamId,
        chosenUserId: member.userId,
        summary,
      });
      events.push(
        await recordEvent(tx, {
          workspaceId,
          type: "conversation.updated",
          conversationId: conversation.id,
          payload: { conversationId: conversation.id, assigneeId: member.userId, routing: summary },
        }),
      );
      return { assigneeId: member.userId, teamId: conversation.teamId, summary, events };
    }

    const [team] = await tx
      .select({ id: teams.id, name: teams.name })
      .from(teams)
      .where(and(eq(teams.workspaceId, workspaceId), eq(teams.id, input.to.teamId)));
    if (!team) throw new NotFoundError("That team does not exist");
    await tx
      .update(conversations)
      .set({ teamId: team.id, assigneeId: null, assignedAt: null, queuedAt: now, reclaimedFromUserId: null })
      .where(and(eq(conversations.workspaceId, workspaceId), eq(conversations.id, conversation.id)));
    const settings = await teamSettings(tx, workspaceId, team.id);
    // The agent handing it on is not offered it back.
    const members = (await teamMemberIds(tx, workspaceId, team.id)).filter((id) => id !== conversation.assigneeId);
    const assignment =
      settings.strategy === "manual"
        ? null
        : await assignFromCandidates(tx, {
            workspaceId,
            conversationId: conversation.id,
            strategy: settings.strategy,
            candidates: await lockCandidates(tx, workspaceId, members),
            requiredSkills: conversation.requiredSkills,
            now,
          });
    const assigneeId = assignment?.assigned ? (assignment.choice.chosen?.userId ?? null) : null;
    const summary = `Transferred by ${actor.name} to ${team.name}; ${
      assignment ? assignment.choice.summary : "waiting to be claimed (manual team)"
    }`;
    await recordDecision(tx, {
      workspaceId,
      conversationId: conversation.id,
      trigger: "transfer",
      verdicts: assignment?.choice.verdicts ?? [],
      teamId: team.id,
      chosenUserId: assigneeId,
      summary,
    });
    events.push(
      await recordEvent(tx, {
        workspaceId,
        type: "conversation.updated",
        conversationId: conversation.id,
        payload: { conversationId: conversation.id, assigneeId, teamId: team.id, routing: summary },
      }),
    );
    return { assigneeId, teamId: team.id, summary, events };
  });
  await ctx.dispatcher.dispatch(result.events);
  return { assigneeId: result.assigneeId, teamId: result.teamId, summary: result.summary };
}
