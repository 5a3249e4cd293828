import type { Database } from "@/db";
import type { AgentActor } from "@/server/actor";
import { InvalidInputError } from "@/server/errors";
import { replaceInboxSecret } from "./replace-secret";
import type { InboxIdInput } from "./schemas";
import { newWebhookSecret } from "./secrets";
import type { InboxView } from "./views";

/** A new signing secret for an API inbox's callbacks; deliveries from now on are signed with it. */
export async function rotateWebhookSecret(
  db: Database,
  actor: AgentActor,
  input: InboxIdInput,
): Promise<{ inbox: InboxView; secret: string }> {
  const secret = newWebhookSecret();
  const inbox = await replaceInboxSecret(db, actor, {
    inboxId: input.inboxId,
    kind: "webhook",
    secret,
    check: (row) => {
      if (row.channelType !== "api") throw new InvalidInputError("Only API inboxes have a webhook signing secret");
    },
  });
  return { inbox, secret };
}
