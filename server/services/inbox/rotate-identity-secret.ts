import type { Database } from "@/db";
import type { AgentActor } from "@/server/actor";
import { replaceInboxSecret } from "./replace-secret";
import type { InboxIdInput } from "./schemas";
import { newIdentitySecret } from "./secrets";
import type { InboxView } from "./views";

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
  const inbox = await replaceInboxSecret(db, actor, { inboxId: input.inboxId, kind: "identity", secret });
  return { inbox, secret };
}
