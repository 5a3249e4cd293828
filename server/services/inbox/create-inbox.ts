import type { Database } from "@/db";
import { inboxes } from "@/db/schema";
import type { AgentActor } from "@/server/actor";
import { InvalidInputError } from "@/server/errors";
import { newToken } from "@/server/ids";
import type { OutboundUrlPolicy } from "@/server/net/public-address";
import { recordAudit } from "../audit/record-audit";
import { checkCallbackUrl, configuredCallbackUrlPolicy } from "./callback-url-policy";
import { assertInboxNameFree } from "./inbox-names";
import type { CreateInboxInput } from "./schemas";
import { newIdentitySecret, newWebhookSecret } from "./secrets";
import { ROTATED_AT, toInboxView, type InboxView } from "./views";

/** The only response that carries the new inbox's secrets; the admin copies them now or rotates later. */
export type CreatedInbox = {
  inbox: InboxView;
  secrets: { identitySecret: string; webhookSecret: string | null };
};

/** A website or API inbox with a fresh identity secret (and, for API inboxes, a webhook signing secret). */
export async function createInbox(
  db: Database,
  actor: AgentActor,
  input: CreateInboxInput,
  urlPolicy: OutboundUrlPolicy = configuredCallbackUrlPolicy(),
): Promise<CreatedInbox> {
  const api = input.channelType === "api";
  if (!api && input.callbackUrl) throw new InvalidInputError("Only API inboxes have a callback URL");
  // Resolving the host may take a moment; it happens before the transaction holds any lock.
  const callbackUrl = api ? await checkCallbackUrl(input.callbackUrl ?? null, urlPolicy) : null;
  const identitySecret = newIdentitySecret();
  const webhookSecret = api ? newWebhookSecret() : null;
  const now = new Date().toISOString();

  const row = await db.transaction(async (tx) => {
    await assertInboxNameFree(tx, actor.workspaceId, input.name);
    const [inserted] = await tx
      .insert(inboxes)
      .values({
        workspaceId: actor.workspaceId,
        channelType: input.channelType,
        name: input.name,
        publicToken: `inb_${newToken(18)}`,
        config: {
          ...(input.greeting ? { greeting: input.greeting } : {}),
          ...(input.color ? { color: input.color } : {}),
          [ROTATED_AT.identity]: now,
          ...(api ? { [ROTATED_AT.webhook]: now } : {}),
        },
        identitySecret,
        enforceIdentity: input.enforceIdentity,
        callbackUrl,
        webhookSecret,
      })
      .returning();
    if (!inserted) throw new Error("inbox insert returned no row");
    await recordAudit(tx, {
      workspaceId: actor.workspaceId,
      actorUserId: actor.userId,
      action: "inbox.created",
      targetType: "inbox",
      targetId: inserted.id,
      details: {
        name: inserted.name,
        channelType: inserted.channelType,
        enforceIdentity: inserted.enforceIdentity,
        ...(api ? { callbackUrl } : {}),
      },
    });
    return inserted;
  });
  return { inbox: toInboxView(row), secrets: { identitySecret, webhookSecret } };
}
