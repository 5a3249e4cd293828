import type { RawData, WebSocket } from "ws";
import { relayClientEvent } from "./client-events";
import { parseClientMessage, type ClientMessage } from "./client-messages";
import { createClientConnection, type ClientConnection } from "./connection";
import { startHeartbeat } from "./heartbeat";
import { PusherErrorCode } from "./protocol";
import type { RealtimeNode } from "./realtime-node";
import { connectionEstablished, ping, pong, pusherError } from "./server-events";
import { subscribeConnection, unsubscribeConnection, unsubscribeFromAllChannels } from "./subscriptions";

/** Runs one accepted socket from `connection_established` to cleanup on close. */
export function openClientSession(node: RealtimeNode, socket: WebSocket): ClientConnection {
  const { config } = node;
  const connection = createClientConnection(socket, node.connections.unusedSocketId(), config);
  node.connections.add(connection);

  const heartbeat = startHeartbeat({
    activityTimeoutMs: config.activityTimeoutMs,
    pongTimeoutMs: config.pongTimeoutMs,
    sendPing: () => connection.send(ping()),
    onPongMissed: () => connection.close(PusherErrorCode.PongNotReceived, "Pong reply not received"),
  });

  socket.on("message", (raw, isBinary) => {
    heartbeat.recordActivity();
    handleFrame(node, connection, raw, isBinary);
  });
  socket.on("pong", () => heartbeat.recordActivity());
  socket.on("error", (error) =>
    config.logger.debug({ socketId: connection.socketId, err: error }, "Client socket error"),
  );
  socket.on("close", () => {
    heartbeat.stop();
    unsubscribeFromAllChannels(node, connection);
    node.connections.remove(connection.socketId);
  });

  connection.send(connectionEstablished(connection.socketId, config.advertisedActivityTimeoutSeconds));
  return connection;
}

function handleFrame(node: RealtimeNode, connection: ClientConnection, raw: RawData, isBinary: boolean) {
  if (isBinary) return rejectMessage(node, connection, "Binary frames are not part of the Pusher protocol");
  const frame = rawDataToBuffer(raw);
  if (frame.length > node.config.maxMessageBytes) {
    return rejectMessage(node, connection, `Message exceeds the ${node.config.maxMessageBytes} byte limit`);
  }
  const parsed = parseClientMessage(frame.toString("utf8"));
  if (!parsed.ok) return rejectMessage(node, connection, parsed.reason);
  dispatchMessage(node, connection, parsed.message);
}

function dispatchMessage(node: RealtimeNode, connection: ClientConnection, message: ClientMessage) {
  switch (message.kind) {
    case "ping":
      return connection.send(pong());
    case "pong":
      return;
    case "subscribe":
      return subscribeConnection(node, connection, message);
    case "unsubscribe":
      return unsubscribeConnection(node, connection, message.channel);
    case "client-event": {
      const rejection = relayClientEvent(node, connection, message);
      if (rejection) rejectMessage(node, connection, rejection.reason, rejection.code, rejection.countsAsAbuse);
      return;
    }
    case "unknown":
      // Newer clients may speak events this server does not know (e.g. pusher:signin); ignoring them is safe.
      node.config.logger.debug({ socketId: connection.socketId, event: message.event }, "Ignored unknown client event");
      return;
  }
}

/** A bad message costs the client an error reply; only a stream of them costs the connection. */
function rejectMessage(
  node: RealtimeNode,
  connection: ClientConnection,
  reason: string,
  code: PusherErrorCode = PusherErrorCode.ClientMessageRejected,
  countsAsAbuse = true,
) {
  connection.send(pusherError(code, reason));
  if (countsAsAbuse && !connection.rejectedMessageLimiter.tryConsume()) {
    node.config.logger.warn({ socketId: connection.socketId }, "Closing connection after too many rejected messages");
    connection.close(PusherErrorCode.ClientMessageRejected, "Too many rejected messages");
  }
}

function rawDataToBuffer(raw: RawData): Buffer {
  if (Buffer.isBuffer(raw)) return raw;
  if (Array.isArray(raw)) return Buffer.concat(raw);
  return Buffer.from(raw);
}
