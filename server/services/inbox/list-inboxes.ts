import { asc, eq } from "drizzle-orm";
import type { Executor } from "@/db";
import { inboxes } from "@/db/schema";
import type { AgentActor } from "@/server/actor";
import { toInboxView, type InboxView } from "./views";

/** The workspace's inboxes, oldest first (the order admins created them in). */
export async function listInboxes(db: Executor, actor: AgentActor): Promise<InboxView[]> {
  const rows = await db
    .select()
    .from(inboxes)
    .where(eq(inboxes.workspaceId, actor.workspaceId))
    .orderBy(asc(inboxes.createdAt), asc(inboxes.id));
  return rows.map(toInboxView);
}
