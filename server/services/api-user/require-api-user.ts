import { and, eq } from "drizzle-orm";
import type { Executor } from "@/db";
import { contactIdentities } from "@/db/schema";
import { verifyEndUserToken, type EndUser, type EndUserTokenPolicy } from "@/server/auth/end-user-token";
import type { VisitorKeyRing } from "@/server/auth/visitor-token";
import type { ChannelInbox, SenderIdentity } from "@/server/channels/contract";
import { NotFoundError, UnauthorizedError } from "@/server/errors";
import { findChannelInbox } from "../channel/find-channel-inbox";

export type ApiUser = {
  inbox: ChannelInbox;
  user: EndUser;
  /** How the channel knows this user; a verified user id is the only verified API identity. */
  identity: SenderIdentity;
  /** Null until the user's first message created their contact. */
  contactId: string | null;
};

export const EXPIRED_TOKEN_MESSAGE = "The user token has expired; refresh it";
const INVALID_TOKEN_MESSAGE = "The user token is not valid; request a new one";

/** The bearer token of an `Authorization` header, or null. */
export function bearerOf(header: string | undefined): string | null {
  const match = /^Bearer ([A-Za-z0-9_.-]{1,600})$/.exec(header?.trim() ?? "");
  return match?.[1] ?? null;
}

export function identityOf(user: EndUser): SenderIdentity {
  return user.kind === "external_id"
    ? { kind: "external_id", value: user.userId, verified: true }
    : { kind: "api_user", value: user.userId, verified: false };
}

/** Verifies an end user's token (constant time), loads its inbox and finds its contact. */
export async function requireApiUser(
  db: Executor,
  keys: VisitorKeyRing,
  authorization: string | undefined,
  options: { policy?: EndUserTokenPolicy; allowExpiredUntilRefresh?: boolean } = {},
): Promise<ApiUser> {
  const token = bearerOf(authorization);
  if (!token) throw new UnauthorizedError("Send the user token as 'Authorization: Bearer <token>'");
  const verified = verifyEndUserToken(keys, token, options);
  if (!verified.ok) {
    throw new UnauthorizedError(verified.reason === "expired" ? EXPIRED_TOKEN_MESSAGE : INVALID_TOKEN_MESSAGE);
  }
  const inbox = await findChannelInbox(db, "api", { id: verified.user.inboxId }).catch((error: unknown) => {
    // The inbox was deleted since the token was issued.
    if (error instanceof NotFoundError) throw new UnauthorizedError(INVALID_TOKEN_MESSAGE);
    throw error;
  });
  const identity = identityOf(verified.user);
  return { inbox, user: verified.user, identity, contactId: await contactOf(db, inbox.workspaceId, identity) };
}

async function contactOf(db: Executor, workspaceId: string, identity: SenderIdentity): Promise<string | null> {
  const [row] = await db
    .select({ contactId: contactIdentities.contactId })
    .from(contactIdentities)
    .where(
      and(
        eq(contactIdentities.workspaceId, workspaceId),
        eq(contactIdentities.kind, identity.kind),
        eq(contactIdentities.value, identity.value),
        // An unverified row with a verified user's id is someone's claim, not this user.
        ...(identity.verified ? [eq(contactIdentities.verified, true)] : []),
      ),
    );
  return row?.contactId ?? null;
}
