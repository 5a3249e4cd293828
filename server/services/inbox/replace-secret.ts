import { eq } from "drizzle-orm";
import type { Database } from "@/db";
import { inboxes } from "@/db/schema";
import type { AgentActor } from "@/server/actor";
import { recordAudit } from "../audit/record-audit";
import { requireInbox } from "./require-inbox";
import { ROTATED_AT, toInboxView, type InboxRow, type InboxView } from "./views";

const COLUMN = { identity: "identitySecret", webhook: "webhookSecret" } as const;

/**
 * Stores a new inbox secret of one kind, notes when it was rotated and records who did it, in one
 * transaction; `check` refuses inboxes that have no such secret. The rotate verbs share this.
 */
export async function replaceInboxSecret(
  db: Database,
  actor: AgentActor,
  input: { inboxId: string; kind: keyof typeof COLUMN; secret: string; check?: (inbox: InboxRow) => void },
): Promise<InboxView> {
  const row = await db.transaction(async (tx) => {
    const inbox = await requireInbox(tx, actor.workspaceId, input.inboxId);
    input.check?.(inbox);
    const [updated] = await tx
      .update(inboxes)
      .set({
        [COLUMN[input.kind]]: input.secret,
        config: { ...inbox.config, [ROTATED_AT[input.kind]]: new Date().toISOString() },
      })
      .where(eq(inboxes.id, inbox.id))
      .returning();
    if (!updated) throw new Error("inbox update returned no row");
    await recordAudit(tx, {
      workspaceId: actor.workspaceId,
      actorUserId: actor.userId,
      action: `inbox.${input.kind}_secret_rotated`,
      targetType: "inbox",
      targetId: inbox.id,
      details: { name: inbox.name },
    });
    return updated;
  });
  return toInboxView(row);
}
