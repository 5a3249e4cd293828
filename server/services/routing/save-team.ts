import { and, eq } from "drizzle-orm";
import type { Database } from "@/db";
import { runTransaction } from "@/db/run-transaction";
import { isUniqueViolation } from "@/db/transient-errors";
import { teamMembers, teamRouting, teams } from "@/db/schema";
import type { AgentActor } from "@/server/actor";
import { ConflictError, NotFoundError } from "@/server/errors";
import { recordAudit } from "../audit/record-audit";
import { assertCalendar, assertMembers } from "./references";
import type { TeamInput, UpdateTeamInput } from "./schemas";

/** Creates a team, or updates one, with its strategy, calendar and members. Admins only (router). */
export async function saveTeam(
  db: Database,
  actor: AgentActor,
  input: TeamInput | UpdateTeamInput,
): Promise<{ teamId: string }> {
  const workspaceId = actor.workspaceId;
  try {
    return await runTransaction(db, async (tx) => {
      await assertCalendar(tx, workspaceId, input.calendarId);
      await assertMembers(tx, workspaceId, input.memberIds);
      let teamId: string;
      if ("teamId" in input) {
        const [team] = await tx
          .update(teams)
          .set({ name: input.name })
          .where(and(eq(teams.workspaceId, workspaceId), eq(teams.id, input.teamId)))
          .returning({ id: teams.id });
        if (!team) throw new NotFoundError("Team not found");
        teamId = team.id;
      } else {
        const [team] = await tx.insert(teams).values({ workspaceId, name: input.name }).returning({ id: teams.id });
        teamId = team!.id;
      }
      await tx
        .insert(teamRouting)
        .values({ teamId, workspaceId, strategy: input.strategy, calendarId: input.calendarId })
        .onConflictDoUpdate({
          target: teamRouting.teamId,
          set: { strategy: input.strategy, calendarId: input.calendarId },
        });
      await tx.delete(teamMembers).where(and(eq(teamMembers.workspaceId, workspaceId), eq(teamMembers.teamId, teamId)));
      const memberIds = [...new Set(input.memberIds)];
      if (memberIds.length) {
        await tx.insert(teamMembers).values(memberIds.map((userId) => ({ workspaceId, teamId, userId })));
      }
      await recordAudit(tx, {
        workspaceId,
        actorUserId: actor.userId,
        action: "teamId" in input ? "team.updated" : "team.created",
        targetType: "team",
        targetId: teamId,
        details: {
          name: input.name,
          strategy: input.strategy,
          calendarId: input.calendarId,
          members: memberIds.length,
        },
      });
      return { teamId };
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw new ConflictError(`A team named "${input.name}" already exists`);
    throw error;
  }
}
