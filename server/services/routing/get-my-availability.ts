import { and, eq } from "drizzle-orm";
import type { Executor } from "@/db";
import { agentRoutingProfiles } from "@/db/schema";
import type { AgentActor } from "@/server/actor";
import type { Availability } from "./set-availability";

/** The signed-in agent's own availability (offline until they first say otherwise). */
export async function getMyAvailability(db: Executor, actor: AgentActor): Promise<{ availability: Availability }> {
  const [row] = await db
    .select({ availability: agentRoutingProfiles.availability })
    .from(agentRoutingProfiles)
    .where(and(eq(agentRoutingProfiles.workspaceId, actor.workspaceId), eq(agentRoutingProfiles.userId, actor.userId)));
  return { availability: row?.availability ?? "offline" };
}
