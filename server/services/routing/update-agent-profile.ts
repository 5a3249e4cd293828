import type { Database } from "@/db";
import { runTransaction } from "@/db/run-transaction";
import { agentRoutingProfiles } from "@/db/schema";
import type { AgentActor } from "@/server/actor";
import { recordAudit } from "../audit/record-audit";
import { assertMembers } from "./references";
import type { AgentProfileInput } from "./schemas";

/** Sets an agent's skills and capacity (admins). Their availability is theirs to set. */
export async function updateAgentProfile(db: Database, actor: AgentActor, input: AgentProfileInput): Promise<void> {
  const skills = [...new Set(input.skills)];
  await runTransaction(db, async (tx) => {
    await assertMembers(tx, actor.workspaceId, [input.userId]);
    await tx
      .insert(agentRoutingProfiles)
      .values({ workspaceId: actor.workspaceId, userId: input.userId, skills, capacity: input.capacity })
      .onConflictDoUpdate({
        target: [agentRoutingProfiles.workspaceId, agentRoutingProfiles.userId],
        set: { skills, capacity: input.capacity },
      });
    await recordAudit(tx, {
      workspaceId: actor.workspaceId,
      actorUserId: actor.userId,
      action: "agent.routing_updated",
      targetType: "user",
      targetId: input.userId,
      details: { skills, capacity: input.capacity },
    });
  });
}
