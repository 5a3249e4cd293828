import type { BrokerMessage } from "./broker";
import type { PresenceMember, PresenceSnapshot } from "./presence-roster";
import { PusherEvent, type PusherErrorCode } from "./protocol";

/**
 * Server → client frames. Pusher's wire format carries `data` as a JSON-encoded string for
 * connection, subscription and presence events; pusher-js JSON.parses any string `data` it gets.
 * `pusher:error` and `pusher:subscription_error` are the exception: their `data` is an object.
 */
export type ServerEvent = {
  event: string;
  channel?: string;
  data?: unknown;
  user_id?: string;
};

export function encodeServerEvent(event: ServerEvent): string {
  return JSON.stringify(event);
}

export function connectionEstablished(socketId: string, activityTimeoutSeconds: number): ServerEvent {
  return {
    event: PusherEvent.ConnectionEstablished,
    data: JSON.stringify({
      socket_id: socketId,
      activity_timeout: activityTimeoutSeconds,
    }),
  };
}

/** A null code marks an error that is about one message rather than the connection. */
export function pusherError(code: PusherErrorCode | null, message: string): ServerEvent {
  return { event: PusherEvent.Error, data: { code, message } };
}

export function ping(): ServerEvent {
  return { event: PusherEvent.Ping, data: "{}" };
}

export function pong(): ServerEvent {
  return { event: PusherEvent.Pong, data: "{}" };
}

export function subscriptionSucceeded(channel: string, presence?: PresenceSnapshot): ServerEvent {
  return {
    event: PusherEvent.SubscriptionSucceeded,
    channel,
    data: JSON.stringify(presence ? { presence } : {}),
  };
}

/** Mirrors the object pusher-js itself emits when its authorizer fails, so apps handle one shape. */
export type SubscriptionFailure = {
  type: "AuthError" | "InvalidChannel" | "InvalidChannelData";
  error: string;
  status: number;
};

export function subscriptionError(channel: string, failure: SubscriptionFailure): ServerEvent {
  return { event: PusherEvent.SubscriptionError, channel, data: failure };
}

export function memberAdded(channel: string, member: PresenceMember): ServerEvent {
  return {
    event: PusherEvent.MemberAdded,
    channel,
    data: JSON.stringify({
      user_id: member.userId,
      user_info: member.userInfo ?? null,
    }),
  };
}

export function memberRemoved(channel: string, member: PresenceMember): ServerEvent {
  return {
    event: PusherEvent.MemberRemoved,
    channel,
    data: JSON.stringify({ user_id: member.userId }),
  };
}

/** Published events keep their `data` untouched: HTTP API data is already a string. */
export function channelEvent(message: BrokerMessage): ServerEvent {
  const event: ServerEvent = {
    event: message.event,
    channel: message.channel,
    data: message.data,
  };
  if (message.userId !== undefined) event.user_id = message.userId;
  return event;
}
