// Pusher Channels protocol v7 vocabulary: versions, event names, error codes and channel kinds.
// Reference: https://pusher.com/docs/channels/library_auth_reference/pusher-websockets-protocol/

export const PUSHER_PROTOCOL_VERSION = 7;

// Versions 5 and 6 share v7's wire format except `user_id` on presence client events, which older clients ignore.
export const SUPPORTED_PROTOCOL_VERSIONS = {
  min: 5,
  max: PUSHER_PROTOCOL_VERSION,
} as const;

export const PusherEvent = {
  ConnectionEstablished: "pusher:connection_established",
  Error: "pusher:error",
  Ping: "pusher:ping",
  Pong: "pusher:pong",
  Subscribe: "pusher:subscribe",
  Unsubscribe: "pusher:unsubscribe",
  SubscriptionError: "pusher:subscription_error",
  SubscriptionSucceeded: "pusher_internal:subscription_succeeded",
  MemberAdded: "pusher_internal:member_added",
  MemberRemoved: "pusher_internal:member_removed",
} as const;
export type PusherEvent = (typeof PusherEvent)[keyof typeof PusherEvent];

export const CLIENT_EVENT_PREFIX = "client-";

/**
 * Close and error codes. 4000–4099 tell the client not to reconnect, 4100–4199 to back off,
 * 4200–4299 to reconnect at once, 4300–4399 are any other error (pusher-js treats them as "refused"
 * when they arrive as a close code, and only reports them when they arrive as a `pusher:error`).
 */
export const PusherErrorCode = {
  TlsOnly: 4000,
  AppDoesNotExist: 4001,
  AppDisabled: 4003,
  AppOverConnectionQuota: 4004,
  PathNotFound: 4005,
  InvalidVersionStringFormat: 4006,
  UnsupportedProtocolVersion: 4007,
  NoProtocolVersionSupplied: 4008,
  ConnectionUnauthorized: 4009,
  OverCapacity: 4100,
  GenericReconnect: 4200,
  PongNotReceived: 4201,
  ClosedAfterInactivity: 4202,
  ClientMessageRejected: 4300,
  ClientEventRateLimited: 4301,
} as const;
export type PusherErrorCode = (typeof PusherErrorCode)[keyof typeof PusherErrorCode];

export const ChannelKind = {
  Public: "public",
  Private: "private",
  PrivateEncrypted: "private-encrypted",
  Presence: "presence",
} as const;
export type ChannelKind = (typeof ChannelKind)[keyof typeof ChannelKind];

export function channelKindOf(channelName: string): ChannelKind {
  // "private-encrypted-" must be tested before its own prefix "private-".
  if (channelName.startsWith("private-encrypted-")) return ChannelKind.PrivateEncrypted;
  if (channelName.startsWith("private-")) return ChannelKind.Private;
  if (channelName.startsWith("presence-")) return ChannelKind.Presence;
  return ChannelKind.Public;
}

export function channelRequiresAuth(channelName: string): boolean {
  return channelKindOf(channelName) !== ChannelKind.Public;
}

export function isPresenceChannel(channelName: string): boolean {
  return channelKindOf(channelName) === ChannelKind.Presence;
}

/** Client events are allowed on authenticated channels whose payload the server can see. */
export function channelAllowsClientEvents(channelName: string): boolean {
  const kind = channelKindOf(channelName);
  return kind === ChannelKind.Private || kind === ChannelKind.Presence;
}

export const MAX_CHANNEL_NAME_LENGTH = 200;
const CHANNEL_NAME_PATTERN = /^[-a-zA-Z0-9_=@,.;]+$/;

export function isValidChannelName(channelName: string): boolean {
  return channelName.length <= MAX_CHANNEL_NAME_LENGTH && CHANNEL_NAME_PATTERN.test(channelName);
}

export function isClientEventName(eventName: string): boolean {
  return eventName.startsWith(CLIENT_EVENT_PREFIX);
}

/** Limits the hosted Pusher service documents; clients and SDKs are written against them. */
export const PusherLimit = {
  EventDataBytes: 10 * 1024,
  ChannelsPerTrigger: 100,
  EventsPerBatch: 10,
  ClientEventsPerSecond: 10,
  EventNameLength: 200,
  PresenceUserIdLength: 128,
  PresenceUserInfoBytes: 1024,
} as const;
