import type { Database } from "@/db";
import { runTransaction } from "@/db/run-transaction";
import { slaPolicies } from "@/db/schema";
import type { AgentActor } from "@/server/actor";
import { recordAudit } from "../audit/record-audit";
import { assertCalendar } from "./references";
import type { SlaPolicyInput } from "./schemas";

/** Sets the SLA targets of one priority (admins); new conversations of that priority use them. */
export async function saveSlaPolicy(db: Database, actor: AgentActor, input: SlaPolicyInput): Promise<void> {
  await runTransaction(db, async (tx) => {
    await assertCalendar(tx, actor.workspaceId, input.calendarId);
    const { priority, ...targets } = input;
    await tx
      .insert(slaPolicies)
      .values({ workspaceId: actor.workspaceId, priority, ...targets })
      .onConflictDoUpdate({ target: [slaPolicies.workspaceId, slaPolicies.priority], set: targets });
    await recordAudit(tx, {
      workspaceId: actor.workspaceId,
      actorUserId: actor.userId,
      action: "sla_policy.saved",
      targetType: "sla_policy",
      targetId: priority,
      details: input,
    });
  });
}
