import type { ClientConnection } from "./connection";
import { channelAllowsClientEvents, PusherErrorCode, PusherLimit } from "./protocol";
import type { RealtimeNode } from "./realtime-node";

export type ClientEvent = { channel: string; event: string; data: unknown };

export type ClientEventRejection = {
  code: PusherErrorCode;
  reason: string;
  /** Rate-limited events are expected from chatty but honest clients, so they are not held against them. */
  countsAsAbuse: boolean;
};

/** Relays a `client-` event to the channel's other subscribers on every node, or says why not. */
export function relayClientEvent(
  node: RealtimeNode,
  sender: ClientConnection,
  clientEvent: ClientEvent,
): ClientEventRejection | undefined {
  const rejection = checkClientEvent(node, sender, clientEvent);
  if (rejection) return rejection;

  const { channel, event, data } = clientEvent;
  const userId = node.channels.presence(channel)?.memberOf(sender.socketId)?.userId;
  node.broker
    .publish({
      channel,
      event,
      data,
      excludeSocketId: sender.socketId,
      ...(userId === undefined ? {} : { userId }),
    })
    .catch((error: unknown) =>
      node.config.logger.error({ channel, event, err: error }, "Could not publish client event"),
    );
  return undefined;
}

function checkClientEvent(
  node: RealtimeNode,
  sender: ClientConnection,
  { channel, event }: ClientEvent,
): ClientEventRejection | undefined {
  const reject = (reason: string): ClientEventRejection => ({
    code: PusherErrorCode.ClientMessageRejected,
    reason,
    countsAsAbuse: true,
  });
  if (!channelAllowsClientEvents(channel)) {
    return reject(`Client event rejected: ${event} on ${channel}; client events need a private- or presence- channel`);
  }
  if (!node.channels.isSubscribed(channel, sender.socketId)) {
    return reject(`Client event rejected: subscribe to ${channel} before triggering events on it`);
  }
  if (event.length > PusherLimit.EventNameLength) {
    return reject(`Client event rejected: event names are limited to ${PusherLimit.EventNameLength} characters`);
  }
  if (!sender.clientEventLimiter.tryConsume()) {
    return {
      code: PusherErrorCode.ClientEventRateLimited,
      reason: `Client event rejected: more than ${node.config.clientEventsPerSecond} client events per second`,
      countsAsAbuse: false,
    };
  }
  return undefined;
}
