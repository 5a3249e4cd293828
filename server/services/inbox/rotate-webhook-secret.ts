import { eq } from "drizzle-orm";
import type { Database } from "@/db";
import { inboxes } from "@/db/schema";
import type { AgentActor } from "@/server/actor";
import { InvalidInputError } from "@/server/errors";
import { recordAudit } from "../audit/record-audit";
import { requireInbox } from "./require-inbox";
import type { InboxIdInput } from "./schemas";
import { newWebhookSecret } from "./secrets";
import { ROTATED_AT, toInboxView, type InboxView } from "./views";

/** A new signing secret for an API inbox's callbacks; deliveries from now on are signed with it. */
export async function rotateWebhookSecret(
  db: Database,
  actor: AgentActor,
  input: InboxIdInput,
): Promise<{ inbox: InboxView; secret: string }> {
  const secret = newWebhookSecret();
  const row = await db.transaction(async (tx) => {
    const inbox = await requireInbox(tx, actor.workspaceId, input.inboxId);
    if (inbox.channelType !== "api") throw new InvalidInputError("Only API inboxes have a webhook signing secret");
    const [updated] = await tx
      .update(inboxes)
      .set({ webhookSecret: secret, config: { ...inbox.config, [ROTATED_AT.webhook]: new Date().toISOString() } })
      .where(eq(inboxes.id, inbox.id))
      .returning();
    if (!updated) throw new Error("inbox update returned no row");
    await recordAudit(tx, {
      workspaceId: actor.workspaceId,
      actorUserId: actor.userId,
      action: "inbox.webhook_secret_rotated",
      targetType: "inbox",
      targetId: inbox.id,
      details: { name: inbox.name },
    });
    return updated;
  });
  return { inbox: toInboxView(row), secret };
}
