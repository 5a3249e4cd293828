import { runTransaction } from "@/db/run-transaction";
import {
  issueEndUserToken,
  newApiUserId,
  userHashMatches,
  type EndUser,
  type IssuedEndUserToken,
} from "@/server/auth/end-user-token";
import type { ApiUserSession, CreateApiUserBody } from "@/server/channels/api/schemas";
import { InvalidInputError, UnauthorizedError } from "@/server/errors";
import { findChannelInbox } from "../channel/find-channel-inbox";
import { resolveContact } from "../contact/resolve-contact";
import type { ApiContext, ApiRequester } from "./context";
import { identityOf } from "./require-api-user";

export function toSession(issued: IssuedEndUserToken, user: EndUser): ApiUserSession {
  return {
    token: issued.token,
    expiresAt: issued.expiresAt.toISOString(),
    refreshableUntil: issued.refreshableUntil.toISOString(),
    user: { id: user.userId, verified: user.kind === "external_id" },
  };
}

/**
 * Issues an end-user token for an API inbox. A userId counts only with its userHash (your
 * backend's HMAC of it under the inbox's identity secret): then the user is verified and lands
 * on the same contact as on every other channel. A wrong hash is refused; without a userId the
 * user is a fresh anonymous one. An inbox that enforces identity refuses anyone unverified,
 * before anything is stored or counted. An unverified userId is never used: anyone could type it.
 */
export async function createApiUser(
  ctx: ApiContext,
  requester: ApiRequester,
  input: CreateApiUserBody,
): Promise<ApiUserSession> {
  if (input.userHash !== undefined && input.userId === undefined) {
    throw new InvalidInputError("userHash was given without the userId it signs");
  }
  const inbox = await findChannelInbox(ctx.db, "api", { publicToken: input.inboxToken });
  let user: EndUser;
  if (input.userId !== undefined && input.userHash !== undefined) {
    if (!inbox.identitySecret || !userHashMatches(inbox.identitySecret, input.userId, input.userHash)) {
      throw new UnauthorizedError("userHash does not match userId for this inbox");
    }
    user = { inboxId: inbox.id, kind: "external_id", userId: input.userId };
  } else {
    if (inbox.enforceIdentity) {
      throw new UnauthorizedError("This inbox accepts only verified users: send userId with its userHash");
    }
    user = { inboxId: inbox.id, kind: "api_user", userId: newApiUserId() };
  }
  await ctx.limits.consume("apiUsersPerAddress", requester.clientAddress);

  const sender = { identities: [identityOf(user)], name: input.name ?? null, email: input.email ?? null };
  const resolved = await runTransaction(
    ctx.db,
    (tx) =>
      resolveContact(tx, {
        workspaceId: inbox.workspaceId,
        inboxId: inbox.id,
        sender,
        fallbackName: `Customer ${user.userId.slice(-4).toUpperCase()}`,
      }),
    { idempotent: true, onRetry: ctx.onTransientRetry },
  );
  await ctx.dispatcher.dispatch(resolved.events);
  return toSession(issueEndUserToken(ctx.visitorKeys, user, ctx.endUserTokens), user);
}
