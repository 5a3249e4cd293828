import { and, eq } from "drizzle-orm";
import type { Executor } from "@/db";
import { inboxes } from "@/db/schema";
import { NotFoundError } from "@/server/errors";
import type { InboxRow } from "./views";

/** An inbox of this workspace, locked for the change about to be made; another workspace's is "not found". */
export async function requireInbox(db: Executor, workspaceId: string, inboxId: string): Promise<InboxRow> {
  const [row] = await db
    .select()
    .from(inboxes)
    .where(and(eq(inboxes.workspaceId, workspaceId), eq(inboxes.id, inboxId)))
    .for("update");
  if (!row) throw new NotFoundError("Inbox not found");
  return row;
}
