import { issueEndUserToken } from "@/server/auth/end-user-token";
import type { ApiUserSession } from "@/server/channels/api/schemas";
import { UnauthorizedError } from "@/server/errors";
import type { ApiContext } from "./context";
import { toSession } from "./create-api-user";
import { requireApiUser } from "./require-api-user";

/**
 * A fresh token for the holder of a valid one, or of an expired one still inside its refresh
 * window. A user verified on an inbox that has since started enforcing identity stays verified;
 * an anonymous one is refused there and must sign in again through your backend.
 */
export async function refreshApiUser(ctx: ApiContext, authorization: string | undefined): Promise<ApiUserSession> {
  const { inbox, user } = await requireApiUser(ctx.db, ctx.visitorKeys, authorization, {
    policy: ctx.endUserTokens,
    allowExpiredUntilRefresh: true,
  });
  if (inbox.enforceIdentity && user.kind !== "external_id") {
    throw new UnauthorizedError("This inbox accepts only verified users: send userId with its userHash");
  }
  return toSession(issueEndUserToken(ctx.visitorKeys, user, ctx.endUserTokens), user);
}
