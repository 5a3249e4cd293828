import type { Executor } from "@/db";
import { requireWidgetInbox } from "./resolve-visitor";
import { computeUserHash } from "./verify-widget-identity";

/**
 * What a host application's server does for its signed-in user: the `userHash` for a user id
 * under the inbox's identity secret. Null while the inbox has no secret. Used by the demo site.
 */
export async function signUserId(db: Executor, input: { inboxToken: string; userId: string }): Promise<string | null> {
  const inbox = await requireWidgetInbox(db, input.inboxToken);
  return inbox.identitySecret ? computeUserHash(inbox.identitySecret, input.userId) : null;
}
