import { apiError, HttpStatus, type HttpApiResult } from "./http-api-result";
import { isPresenceChannel, isValidChannelName } from "./protocol";
import type { RealtimeNode } from "./realtime-node";

// Counts come from this node's registry; a multi-node broker will need a shared count to answer for the cluster.

const ChannelAttribute = {
  UserCount: "user_count",
  SubscriptionCount: "subscription_count",
} as const;

function requestedAttributes(query: URLSearchParams): Set<string> {
  const info = query.get("info");
  return new Set(info ? info.split(",").map((attribute) => attribute.trim()) : []);
}

/** GET /apps/{appId}/channels?filter_by_prefix=…&info=user_count */
export function listChannels(node: RealtimeNode, query: URLSearchParams): HttpApiResult {
  const prefix = query.get("filter_by_prefix") ?? "";
  const wantsUserCount = requestedAttributes(query).has(ChannelAttribute.UserCount);
  if (wantsUserCount && !prefix.startsWith("presence-")) {
    return apiError(HttpStatus.BadRequest, "info=user_count needs filter_by_prefix=presence-");
  }
  const channels: Record<string, { user_count?: number }> = {};
  for (const name of node.channels.channelNames()) {
    if (!name.startsWith(prefix)) continue;
    const userCount = node.channels.presence(name)?.userCount;
    channels[name] = wantsUserCount && userCount !== undefined ? { user_count: userCount } : {};
  }
  return { status: HttpStatus.Ok, body: { channels } };
}

/** GET /apps/{appId}/channels/{name}?info=subscription_count,user_count */
export function describeChannel(node: RealtimeNode, channelName: string, query: URLSearchParams): HttpApiResult {
  if (!isValidChannelName(channelName)) return apiError(HttpStatus.BadRequest, `Invalid channel name ${channelName}`);
  const attributes = requestedAttributes(query);
  if (attributes.has(ChannelAttribute.UserCount) && !isPresenceChannel(channelName)) {
    return apiError(HttpStatus.BadRequest, "user_count is only available for presence channels");
  }
  const subscriptionCount = node.channels.subscriptionCount(channelName);
  const description: {
    occupied: boolean;
    subscription_count?: number;
    user_count?: number;
  } = {
    occupied: subscriptionCount > 0,
  };
  if (attributes.has(ChannelAttribute.SubscriptionCount)) description.subscription_count = subscriptionCount;
  if (attributes.has(ChannelAttribute.UserCount)) {
    description.user_count = node.channels.presence(channelName)?.userCount ?? 0;
  }
  return { status: HttpStatus.Ok, body: description };
}

/** GET /apps/{appId}/channels/{name}/users */
export function listPresenceUsers(node: RealtimeNode, channelName: string): HttpApiResult {
  if (!isValidChannelName(channelName)) return apiError(HttpStatus.BadRequest, `Invalid channel name ${channelName}`);
  if (!isPresenceChannel(channelName)) {
    return apiError(HttpStatus.BadRequest, "Users can only be listed for presence channels");
  }
  const members = node.channels.presence(channelName)?.members() ?? [];
  return {
    status: HttpStatus.Ok,
    body: { users: members.map((member) => ({ id: member.userId })) },
  };
}
