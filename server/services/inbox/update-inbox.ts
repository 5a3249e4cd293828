import { eq } from "drizzle-orm";
import type { Database } from "@/db";
import { inboxes } from "@/db/schema";
import type { AgentActor } from "@/server/actor";
import { InvalidInputError } from "@/server/errors";
import type { OutboundUrlPolicy } from "@/server/net/public-address";
import { recordAudit } from "../audit/record-audit";
import { checkCallbackUrl, configuredCallbackUrlPolicy } from "./callback-url-policy";
import { assertInboxNameFree } from "./inbox-names";
import { requireInbox } from "./require-inbox";
import type { UpdateInboxInput } from "./schemas";
import { toInboxView, type InboxView } from "./views";

type Change = { from: unknown; to: unknown };

/** Changes the fields given; the audit entry names each changed field with its old and new value. */
export async function updateInbox(
  db: Database,
  actor: AgentActor,
  input: UpdateInboxInput,
  urlPolicy: OutboundUrlPolicy = configuredCallbackUrlPolicy(),
): Promise<InboxView> {
  const callbackUrl =
    input.callbackUrl === undefined ? undefined : await checkCallbackUrl(input.callbackUrl, urlPolicy);

  const row = await db.transaction(async (tx) => {
    const inbox = await requireInbox(tx, actor.workspaceId, input.inboxId);
    if (callbackUrl && inbox.channelType !== "api") throw new InvalidInputError("Only API inboxes have a callback URL");

    const changes: Record<string, Change> = {};
    const config = { ...inbox.config };
    const note = (field: string, from: unknown, to: unknown) => {
      if ((from ?? null) !== (to ?? null)) changes[field] = { from: from ?? null, to: to ?? null };
    };
    if (input.name !== undefined) note("name", inbox.name, input.name);
    if (input.enforceIdentity !== undefined) note("enforceIdentity", inbox.enforceIdentity, input.enforceIdentity);
    if (callbackUrl !== undefined && inbox.channelType === "api") note("callbackUrl", inbox.callbackUrl, callbackUrl);
    for (const key of ["greeting", "color"] as const) {
      const value = input[key];
      if (value === undefined) continue;
      note(key, config[key], value || null);
      if (value) config[key] = value;
      else delete config[key];
    }
    if (Object.keys(changes).length === 0) return inbox;

    if (changes.name) await assertInboxNameFree(tx, actor.workspaceId, input.name as string, inbox.id);
    const [updated] = await tx
      .update(inboxes)
      .set({
        name: input.name ?? inbox.name,
        enforceIdentity: input.enforceIdentity ?? inbox.enforceIdentity,
        callbackUrl: changes.callbackUrl ? (callbackUrl ?? null) : inbox.callbackUrl,
        config,
      })
      .where(eq(inboxes.id, inbox.id))
      .returning();
    if (!updated) throw new Error("inbox update returned no row");
    await recordAudit(tx, {
      workspaceId: actor.workspaceId,
      actorUserId: actor.userId,
      action: "inbox.updated",
      targetType: "inbox",
      targetId: inbox.id,
      details: { name: updated.name, changes },
    });
    return updated;
  });
  return toInboxView(row);
}
