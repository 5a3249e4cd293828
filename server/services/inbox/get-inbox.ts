import { and, eq } from "drizzle-orm";
import type { Executor } from "@/db";
import { inboxes } from "@/db/schema";
import type { AgentActor } from "@/server/actor";
import { NotFoundError } from "@/server/errors";
import type { InboxIdInput } from "./schemas";
import { toInboxView, type InboxView } from "./views";

export async function getInbox(db: Executor, actor: AgentActor, input: InboxIdInput): Promise<InboxView> {
  const [row] = await db
    .select()
    .from(inboxes)
    .where(and(eq(inboxes.workspaceId, actor.workspaceId), eq(inboxes.id, input.inboxId)));
  if (!row) throw new NotFoundError("Inbox not found");
  return toInboxView(row);
}
