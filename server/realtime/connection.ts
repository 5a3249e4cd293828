import { randomInt } from "node:crypto";
import type { Duplex } from "node:stream";
import { WebSocket } from "ws";
import type { PusherErrorCode } from "./protocol";
import { createRateLimiter, type RateLimiter } from "./rate-limiter";
import { encodeServerEvent, type ServerEvent } from "./server-events";

/** One client socket on this node and the channels it joined. */
export type ClientConnection = {
  readonly socketId: string;
  readonly channels: Set<string>;
  readonly clientEventLimiter: RateLimiter;
  readonly rejectedMessageLimiter: RateLimiter;
  readonly failedSubscriptionLimiter: RateLimiter;
  /** Sends an already encoded frame, so a fan-out encodes each event once. */
  sendFrame(frame: string): void;
  send(event: ServerEvent): void;
  close(code: PusherErrorCode, reason: string): void;
};

const ONE_SECOND_MS = 1000;
const ONE_MINUTE_MS = 60_000;
const MAX_BUFFERED_BYTES_PER_CLIENT = 4 * 1024 * 1024;

export function createClientConnection(
  socket: WebSocket,
  socketId: string,
  limits: {
    clientEventsPerSecond: number;
    maxRejectedMessagesPerMinute: number;
    maxFailedSubscriptionsPerMinute: number;
  },
): ClientConnection {
  // Frames sent in one turn of the event loop (a fan-out, or many sends committing together) leave
  // in one socket write instead of one each.
  const transport = (socket as unknown as { _socket?: Duplex })._socket;
  let corked = false;
  const uncork = () => {
    corked = false;
    transport?.uncork();
  };
  const sendFrame = (frame: string) => {
    if (socket.readyState !== WebSocket.OPEN) return;
    // A close frame would queue behind the backlog of a client that stopped reading, so drop it outright.
    if (socket.bufferedAmount > MAX_BUFFERED_BYTES_PER_CLIENT) return socket.terminate();
    if (transport && !corked) {
      corked = true;
      transport.cork();
      setImmediate(uncork);
    }
    socket.send(frame);
  };
  return {
    socketId,
    channels: new Set(),
    clientEventLimiter: createRateLimiter(limits.clientEventsPerSecond, ONE_SECOND_MS),
    rejectedMessageLimiter: createRateLimiter(limits.maxRejectedMessagesPerMinute, ONE_MINUTE_MS),
    failedSubscriptionLimiter: createRateLimiter(limits.maxFailedSubscriptionsPerMinute, ONE_MINUTE_MS),
    sendFrame,
    send: (event) => sendFrame(encodeServerEvent(event)),
    close: (code, reason) => socket.close(code, truncateCloseReason(reason)),
  };
}

const SOCKET_ID_PART_LIMIT = 1_000_000_000;

/** Pusher socket ids are two integers joined by a dot; SDKs validate them against /^\d+\.\d+$/. */
export function generateSocketId(): string {
  return `${randomInt(SOCKET_ID_PART_LIMIT)}.${randomInt(SOCKET_ID_PART_LIMIT)}`;
}

export class ConnectionRegistry {
  private readonly bySocketId = new Map<string, ClientConnection>();

  get count(): number {
    return this.bySocketId.size;
  }

  unusedSocketId(): string {
    let socketId = generateSocketId();
    while (this.bySocketId.has(socketId)) socketId = generateSocketId();
    return socketId;
  }

  add(connection: ClientConnection): void {
    this.bySocketId.set(connection.socketId, connection);
  }

  remove(socketId: string): void {
    this.bySocketId.delete(socketId);
  }

  get(socketId: string): ClientConnection | undefined {
    return this.bySocketId.get(socketId);
  }
}

const MAX_CLOSE_REASON_BYTES = 123;

/** The WebSocket protocol caps a close reason at 123 bytes, and `ws` throws beyond that. */
export function truncateCloseReason(reason: string): string {
  let truncated = reason;
  while (Buffer.byteLength(truncated) > MAX_CLOSE_REASON_BYTES) truncated = truncated.slice(0, -1);
  return truncated;
}
