import { and, eq } from "drizzle-orm";
import type { Database } from "@/db";
import { runTransaction } from "@/db/run-transaction";
import { inboxes } from "@/db/schema";
import type { AgentActor } from "@/server/actor";
import { NotFoundError } from "@/server/errors";
import { recordAudit } from "../audit/record-audit";
import { assertTeams } from "./references";
import type { InboxTeamInput } from "./schemas";

/** Attaches an inbox to the team its conversations go to unless a rule says otherwise (admins). */
export async function setInboxTeam(db: Database, actor: AgentActor, input: InboxTeamInput): Promise<void> {
  await runTransaction(db, async (tx) => {
    if (input.teamId) await assertTeams(tx, actor.workspaceId, [input.teamId]);
    const [row] = await tx
      .update(inboxes)
      .set({ defaultTeamId: input.teamId })
      .where(and(eq(inboxes.workspaceId, actor.workspaceId), eq(inboxes.id, input.inboxId)))
      .returning({ id: inboxes.id });
    if (!row) throw new NotFoundError("Inbox not found");
    await recordAudit(tx, {
      workspaceId: actor.workspaceId,
      actorUserId: actor.userId,
      action: "inbox.default_team_set",
      targetType: "inbox",
      targetId: input.inboxId,
      details: { teamId: input.teamId },
    });
  });
}
