import { eq } from "drizzle-orm";
import type { Database } from "@/db";
import { inboxes } from "@/db/schema";
import type { AgentActor } from "@/server/actor";
import { recordAudit } from "../audit/record-audit";
import { requireInbox } from "./require-inbox";
import type { InboxIdInput } from "./schemas";
import { newIdentitySecret } from "./secrets";
import { ROTATED_AT, toInboxView, type InboxView } from "./views";

/**
 * Replaces the identity secret at once: user hashes signed with the old one stop verifying, so the
 * host application must switch to the new secret. The one response that shows it.
 */
export async function rotateIdentitySecret(
  db: Database,
  actor: AgentActor,
  input: InboxIdInput,
): Promise<{ inbox: InboxView; secret: string }> {
  const secret = newIdentitySecret();
  const row = await db.transaction(async (tx) => {
    const inbox = await requireInbox(tx, actor.workspaceId, input.inboxId);
    const [updated] = await tx
      .update(inboxes)
      .set({ identitySecret: secret, config: { ...inbox.config, [ROTATED_AT.identity]: new Date().toISOString() } })
      .where(eq(inboxes.id, inbox.id))
      .returning();
    if (!updated) throw new Error("inbox update returned no row");
    await recordAudit(tx, {
      workspaceId: actor.workspaceId,
      actorUserId: actor.userId,
      action: "inbox.identity_secret_rotated",
      targetType: "inbox",
      targetId: inbox.id,
      details: { name: inbox.name },
    });
    return updated;
  });
  return { inbox: toInboxView(row), secret };
}
