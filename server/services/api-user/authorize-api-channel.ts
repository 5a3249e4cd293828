import { authorizeChannel } from "../realtime/authorize-channel";
import type { ApiContext } from "./context";
import type { ApiUser } from "./require-api-user";

/**
 * Pusher channel authorization for an end user: the same rule as for a widget visitor (only
 * their own conversation's channel, which never carries private notes), for their API inbox.
 */
export async function authorizeApiChannel(
  ctx: ApiContext,
  requester: ApiUser,
  request: { socketId: string; channelName: string },
): Promise<{ auth: string; channel_data?: string }> {
  const { inbox } = requester;
  const grant = await authorizeChannel(
    ctx.db,
    {
      kind: "visitor",
      visitor: {
        // Only the inbox's identity matters to channel auth; its secrets stay where they are.
        inbox: {
          id: inbox.id,
          workspaceId: inbox.workspaceId,
          name: "",
          config: inbox.config,
          identitySecret: null,
          enforceIdentity: false,
        },
        visitorId: requester.user.userId,
        contactId: requester.contactId,
      },
    },
    request.channelName,
  );
  return ctx.publisher.authorizeChannel(request.socketId, request.channelName, grant.presence);
}
