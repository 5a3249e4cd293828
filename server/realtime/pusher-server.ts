import type { IncomingMessage, ServerResponse } from "node:http";
import type { Duplex } from "node:stream";
import { createLocalBroker } from "./broker";
import { ChannelRegistry } from "./channel-registry";
import { resolveRealtimeConfig, type PusherServerOptions } from "./config";
import { ConnectionRegistry } from "./connection";
import { createHttpApiHandler } from "./http-api";
import type { PusherErrorCode } from "./protocol";
import type { RealtimeNode } from "./realtime-node";
import { pusherError } from "./server-events";
import { createWebSocketHandler } from "./websocket-handler";

export type PusherServer = {
  /** Takes `/app/{key}` WebSocket upgrades and returns true; leaves every other upgrade (e.g. Next HMR) alone. */
  handleUpgrade(request: IncomingMessage, socket: Duplex, head: Buffer): boolean;
  /** Answers `/apps/{appId}/…` HTTP API requests and returns true; returns false for every other path. */
  handleHttpRequest(request: IncomingMessage, response: ServerResponse): boolean;
  /**
   * Sends a `pusher:error` and closes one of this node's sockets, dropping its subscriptions.
   * False when the socket is not (or no longer) on this node.
   */
  disconnect(socketId: string, code: PusherErrorCode, reason: string): boolean;
  isConnected(socketId: string): boolean;
  /**
   * Publishes events from this process straight into the broker, as the HTTP events API
   * would after checking a signature: the app's own publisher uses it to skip an HTTP round trip.
   */
  trigger(events: { channel: string; name: string; data: string }[]): Promise<void>;
  /** This node's open connections and occupied channels. */
  stats(): { connections: number; channels: number };
  /** Asks clients to reconnect elsewhere, then releases the broker subscription (and a broker it created). */
  close(): Promise<void>;
};

/** A Pusher Channels protocol 7 server to attach to an existing `node:http` server; it never listens itself. */
export function createPusherServer(options: PusherServerOptions): PusherServer {
  const config = resolveRealtimeConfig(options);
  const ownsBroker = options.broker === undefined;
  const broker =
    options.broker ??
    createLocalBroker({
      onHandlerError: (error) => config.logger.error({ err: error }, "Realtime delivery failed"),
    });
  const node: RealtimeNode = {
    config,
    connections: new ConnectionRegistry(),
    channels: new ChannelRegistry(),
    broker,
  };
  const webSockets = createWebSocketHandler(node);
  const httpApi = createHttpApiHandler(node);
  const stopDelivering = broker.onMessage((message) => webSockets.deliver(message));

  return {
    handleUpgrade: (request, socket, head) => webSockets.handleUpgrade(request, socket, head),
    handleHttpRequest: (request, response) => httpApi.handleHttpRequest(request, response),
    isConnected: (socketId) => node.connections.get(socketId) !== undefined,
    async trigger(events) {
      await Promise.all(
        events.map((event) => broker.publish({ channel: event.channel, event: event.name, data: event.data })),
      );
    },
    disconnect(socketId, code, reason) {
      const connection = node.connections.get(socketId);
      if (!connection) return false;
      connection.send(pusherError(code, reason));
      connection.close(code, reason);
      return true;
    },
    stats: () => ({
      connections: node.connections.count,
      channels: node.channels.channelCount,
    }),
    async close() {
      await webSockets.close();
      stopDelivering();
      if (ownsBroker) await broker.close();
    },
  };
}
