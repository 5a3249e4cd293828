import type { ClientConnection } from "./connection";
import { HttpStatus } from "./http-api-result";
import { parsePresenceMember } from "./presence-member";
import type { PresenceMember } from "./presence-roster";
import {
  channelRequiresAuth,
  isPresenceChannel,
  isValidChannelName,
  MAX_CHANNEL_NAME_LENGTH,
  PusherErrorCode,
} from "./protocol";
import type { RealtimeNode } from "./realtime-node";
import {
  encodeServerEvent,
  memberAdded,
  memberRemoved,
  pusherError,
  subscriptionError,
  subscriptionSucceeded,
  type ServerEvent,
  type SubscriptionFailure,
} from "./server-events";
import { verifyChannelAuth } from "./signature";

export type SubscriptionRequest = {
  channel: string;
  auth?: string;
  channelData?: string;
};

export function subscribeConnection(node: RealtimeNode, connection: ClientConnection, request: SubscriptionRequest) {
  const { channel } = request;
  const admission = admitSubscription(node, connection, request);
  if (!admission.ok) {
    node.config.logger.debug(
      {
        socketId: connection.socketId,
        channel,
        reason: admission.failure.error,
      },
      "Channel subscription refused",
    );
    connection.send(subscriptionError(channel, admission.failure));
    if (!connection.failedSubscriptionLimiter.tryConsume()) closeAsUnauthorized(node, connection);
    return;
  }
  // A repeated subscribe (a client-side retry) is confirmed again without announcing anyone twice.
  if (node.channels.isSubscribed(channel, connection.socketId)) {
    confirmSubscription(node, connection, channel);
    return;
  }
  const { member } = admission;
  const { isNewPresenceUser } = node.channels.subscribe(channel, connection, member);
  confirmSubscription(node, connection, channel);
  if (member && isNewPresenceUser) {
    sendToOtherSubscribers(node, channel, connection, memberAdded(channel, member));
  }
}

/** ConnectionUnauthorized tells pusher-js not to reconnect, so a prober has to start over. */
function closeAsUnauthorized(node: RealtimeNode, connection: ClientConnection) {
  const reason = "Too many refused subscriptions";
  node.config.logger.warn({ socketId: connection.socketId }, "Closing connection after too many refused subscriptions");
  connection.send(pusherError(PusherErrorCode.ConnectionUnauthorized, reason));
  connection.close(PusherErrorCode.ConnectionUnauthorized, reason);
}

type Admission = { ok: true; member?: PresenceMember } | { ok: false; failure: SubscriptionFailure };

/** Checks name, signature and, on presence channels, the member the app vouched for. */
function admitSubscription(
  node: RealtimeNode,
  connection: ClientConnection,
  { channel, auth, channelData }: SubscriptionRequest,
): Admission {
  const refuse = (failure: SubscriptionFailure): Admission => ({
    ok: false,
    failure,
  });
  if (!isValidChannelName(channel)) {
    return refuse({
      type: "InvalidChannel",
      error: `Invalid channel name: use at most ${MAX_CHANNEL_NAME_LENGTH} of A-Z a-z 0-9 _ - = @ , . ;`,
      status: HttpStatus.BadRequest,
    });
  }
  if (!channelRequiresAuth(channel)) return { ok: true };
  const { app } = node.config;
  const check = verifyChannelAuth(app, connection.socketId, channel, auth, channelData);
  if (!check.ok) {
    return refuse({
      type: "AuthError",
      error: check.reason,
      status: HttpStatus.Unauthorized,
    });
  }
  if (!isPresenceChannel(channel)) return { ok: true };
  const parsed = parsePresenceMember(channelData);
  if (!parsed.ok) {
    return refuse({
      type: "InvalidChannelData",
      error: parsed.reason,
      status: HttpStatus.BadRequest,
    });
  }
  return { ok: true, member: parsed.member };
}

function confirmSubscription(node: RealtimeNode, connection: ClientConnection, channel: string) {
  const presence = node.channels.presence(channel)?.snapshot();
  connection.send(subscriptionSucceeded(channel, presence));
}

export function unsubscribeConnection(node: RealtimeNode, connection: ClientConnection, channel: string) {
  const { departedMember } = node.channels.unsubscribe(channel, connection);
  if (departedMember) {
    sendToOtherSubscribers(node, channel, connection, memberRemoved(channel, departedMember));
  }
}

export function unsubscribeFromAllChannels(node: RealtimeNode, connection: ClientConnection) {
  for (const channel of [...connection.channels]) {
    unsubscribeConnection(node, connection, channel);
  }
}

/** Presence notices stay on this node: the roster they describe is node-local too. */
function sendToOtherSubscribers(node: RealtimeNode, channel: string, sender: ClientConnection, event: ServerEvent) {
  const frame = encodeServerEvent(event);
  for (const subscriber of node.channels.subscribers(channel)) {
    if (subscriber !== sender) subscriber.sendFrame(frame);
  }
}
