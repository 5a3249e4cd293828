import { and, eq, ne, sql } from "drizzle-orm";
import type { Executor } from "@/db";
import { inboxes, workspaces } from "@/db/schema";
import { ConflictError } from "@/server/errors";

/**
 * Two inboxes of a workspace never share a name (agents tell them apart by it). The workspace row
 * is locked first, so two admins saving the same name at once cannot both pass the check.
 */
export async function assertInboxNameFree(
  tx: Executor,
  workspaceId: string,
  name: string,
  exceptInboxId?: string,
): Promise<void> {
  await tx.select({ id: workspaces.id }).from(workspaces).where(eq(workspaces.id, workspaceId)).for("update");
  const [taken] = await tx
    .select({ id: inboxes.id })
    .from(inboxes)
    .where(
      and(
        eq(inboxes.workspaceId, workspaceId),
        sql`lower(${inboxes.name}) = lower(${name})`,
        exceptInboxId ? ne(inboxes.id, exceptInboxId) : undefined,
      ),
    )
    .limit(1);
  if (taken) throw new ConflictError(`An inbox named "${name}" already exists`);
}
