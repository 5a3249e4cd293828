import type { IncomingMessage } from "node:http";
import type { Duplex } from "node:stream";
import { WebSocket, WebSocketServer } from "ws";
import type { BrokerMessage } from "./broker";
import { openClientSession } from "./client-session";
import { truncateCloseReason } from "./connection";
import { checkHandshake, isAppConnectionPath } from "./handshake";
import { PusherErrorCode } from "./protocol";
import type { RealtimeNode } from "./realtime-node";
import { channelEvent, encodeServerEvent, pusherError } from "./server-events";

export type WebSocketHandler = {
  /** True when the request was for `/app/…` and the handler took the socket. */
  handleUpgrade(request: IncomingMessage, socket: Duplex, head: Buffer): boolean;
  /** Sends a published event to this node's subscribers of its channel. */
  deliver(message: BrokerMessage): void;
  close(): Promise<void>;
};

// Long enough for a clean close handshake, short enough not to hold up a deploy.
const CLOSE_GRACE_MS = 2000;

export function createWebSocketHandler(node: RealtimeNode): WebSocketHandler {
  const server = new WebSocketServer({
    noServer: true,
    maxPayload: node.config.maxFrameBytes,
    perMessageDeflate: false,
  });

  let shuttingDown = false;

  const acceptSocket = (socket: WebSocket, url: URL) => {
    if (shuttingDown) return void closeGracefully(socket);
    const handshake = checkHandshake(url, node.config.app);
    if (!handshake.ok) return refuseSocket(socket, handshake.code, handshake.message);
    if (node.connections.count >= node.config.maxConnections) {
      return refuseSocket(socket, PusherErrorCode.OverCapacity, "Over capacity");
    }
    openClientSession(node, socket);
  };

  return {
    handleUpgrade(request, socket, head) {
      const url = new URL(request.url ?? "/", "http://localhost");
      if (!isAppConnectionPath(url.pathname)) return false;
      server.handleUpgrade(request, socket, head, (webSocket) => acceptSocket(webSocket, url));
      return true;
    },
    deliver(message) {
      const frame = encodeServerEvent(channelEvent(message));
      for (const subscriber of node.channels.subscribers(message.channel)) {
        if (subscriber.socketId !== message.excludeSocketId) subscriber.sendFrame(frame);
      }
    },
    async close() {
      shuttingDown = true;
      await Promise.all([...server.clients].map((socket) => closeGracefully(socket)));
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** Pusher clients read the code from the `pusher:error` frame during the handshake, then from the close. */
function refuseSocket(socket: WebSocket, code: PusherErrorCode, message: string) {
  socket.send(encodeServerEvent(pusherError(code, message)));
  socket.close(code, truncateCloseReason(message));
}

function closeGracefully(socket: WebSocket): Promise<void> {
  if (socket.readyState === WebSocket.CLOSED) return Promise.resolve();
  return new Promise((resolve) => {
    const forceClose = setTimeout(() => socket.terminate(), CLOSE_GRACE_MS);
    socket.once("close", () => {
      clearTimeout(forceClose);
      resolve();
    });
    // GenericReconnect tells pusher-js to reconnect at once, e.g. to another node during a deploy.
    socket.close(PusherErrorCode.GenericReconnect, "Server shutting down");
  });
}
