import { sql } from "drizzle-orm";
import { runTransaction } from "@/db/run-transaction";
import { agentRoutingProfiles } from "@/db/schema";
import type { AgentActor } from "@/server/actor";
import type { ServiceContext } from "../context";
import { offerNext } from "./offer-next";

export type Availability = "online" | "away" | "offline";

/**
 * An agent says whether they take conversations. Coming online offers them the next waiting
 * conversations at once; going offline starts the grace period after which their open
 * conversations are requeued.
 */
export async function setAvailability(
  ctx: ServiceContext,
  actor: AgentActor,
  availability: Availability,
  now = new Date(),
): Promise<{ availability: Availability; assigned: string[] }> {
  const result = await runTransaction(ctx.db, async (tx) => {
    await tx
      .insert(agentRoutingProfiles)
      .values({
        workspaceId: actor.workspaceId,
        userId: actor.userId,
        availability,
        offlineSince: availability === "offline" ? now : null,
      })
      .onConflictDoUpdate({
        target: [agentRoutingProfiles.workspaceId, agentRoutingProfiles.userId],
        set: {
          availability,
          // Away keeps conversations; only a move from online/away to offline starts the clock.
          offlineSince:
            availability === "offline"
              ? sql`coalesce(${agentRoutingProfiles.offlineSince}, ${now.toISOString()}::timestamptz)`
              : null,
        },
      });
    if (availability !== "online") return { assigned: [], events: [] };
    return offerNext(tx, { workspaceId: actor.workspaceId, userId: actor.userId, now });
  });
  await ctx.dispatcher.dispatch(result.events);
  return { availability, assigned: result.assigned };
}
