import { createHmac, timingSafeEqual } from "node:crypto";
import type { Sender, SenderIdentity } from "@/server/channels/contract";
import { UnauthorizedError } from "@/server/errors";
import type { WidgetInbox } from "./resolve-visitor";
import type { WidgetIdentity } from "./schemas";

export const IDENTITY_REFUSED_MESSAGE =
  "We could not confirm who you are signed in as; please sign in again on this website and reload the page";

/** The `userHash` a host application computes: hex HMAC-SHA256 of the exact user id under the inbox's secret. */
export function computeUserHash(secret: string, userId: string): string {
  return createHmac("sha256", secret).update(userId, "utf8").digest("hex");
}

function hashMatches(secret: string, userId: string, userHash: string): boolean {
  const expected = Buffer.from(computeUserHash(secret, userId), "utf8");
  const given = Buffer.from(userHash.toLowerCase(), "utf8");
  return expected.length === given.length && timingSafeEqual(expected, given);
}

/**
 * What the host page's identity claim is worth: the user id as a verified identity when its hash
 * is right, as an unverified one when the inbox does not insist, and a refusal (before anything is
 * read or written) when it does. Without a claim the visitor stays anonymous.
 */
export function verifyWidgetIdentity(inbox: WidgetInbox, identity: WidgetIdentity | undefined): Sender | null {
  if (!identity) return null;
  const verified =
    inbox.identitySecret !== null &&
    identity.userHash !== undefined &&
    hashMatches(inbox.identitySecret, identity.userId, identity.userHash);
  if (!verified && inbox.enforceIdentity) throw new UnauthorizedError(IDENTITY_REFUSED_MESSAGE);
  const user: SenderIdentity = { kind: "external_id", value: identity.userId, verified };
  return { identities: [user], name: identity.name ?? null, email: identity.email ?? null };
}
