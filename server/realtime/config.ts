import type { RealtimeBroker } from "./broker";
import { PusherLimit } from "./protocol";

export type RealtimeApp = { id: string; key: string; secret: string };

/** pino's argument order (details first), so the app's pino logger can be passed as is. */
type LogMethod = (details: Record<string, unknown>, message: string) => void;
export type RealtimeLogger = {
  info: LogMethod;
  warn: LogMethod;
  error: LogMethod;
  debug: LogMethod;
};

export type PusherServerOptions = {
  app: RealtimeApp;
  /** Silence after which the server pings a client; also advertised to clients in the handshake. */
  activityTimeoutSeconds?: number;
  /** How long a pinged client has to answer before it is closed with PongNotReceived. */
  pongTimeoutSeconds?: number;
  /** Largest client frame and largest event `data` the server accepts. */
  maxMessageBytes?: number;
  /** Largest HTTP API request body; a batch of ten full events must fit. */
  maxRequestBodyBytes?: number;
  /** Connections this node accepts before refusing new ones with OverCapacity. */
  maxConnections?: number;
  /** Rejected client messages per minute tolerated before a connection is closed as abusive. */
  maxRejectedMessagesPerMinute?: number;
  /** Refused subscriptions per minute tolerated before a connection is closed as unauthorized. */
  maxFailedSubscriptionsPerMinute?: number;
  broker?: RealtimeBroker;
  logger?: RealtimeLogger;
};

export type RealtimeConfig = {
  app: RealtimeApp;
  activityTimeoutMs: number;
  /** Whole seconds, because pusher-js rejects a handshake whose activity_timeout is 0. */
  advertisedActivityTimeoutSeconds: number;
  pongTimeoutMs: number;
  maxMessageBytes: number;
  /** Frames beyond this are dropped by `ws` itself (close 1009) instead of being parsed and rejected. */
  maxFrameBytes: number;
  maxRequestBodyBytes: number;
  maxConnections: number;
  maxRejectedMessagesPerMinute: number;
  maxFailedSubscriptionsPerMinute: number;
  clientEventsPerSecond: number;
  logger: RealtimeLogger;
};

const DEFAULT_ACTIVITY_TIMEOUT_SECONDS = 120;
const DEFAULT_PONG_TIMEOUT_SECONDS = 30;
const DEFAULT_MAX_REJECTED_MESSAGES_PER_MINUTE = 30;
// A real client fails a subscription rarely (an expired session); a stream of them is probing.
const DEFAULT_MAX_FAILED_SUBSCRIPTIONS_PER_MINUTE = 10;
const OVERSIZED_FRAME_TOLERANCE_FACTOR = 8;
// Event data travels as a JSON string inside the request body, and escaping can roughly double it.
const JSON_ESCAPING_ALLOWANCE_FACTOR = 3;

const ignore: LogMethod = () => {};
export const silentLogger: RealtimeLogger = {
  info: ignore,
  warn: ignore,
  error: ignore,
  debug: ignore,
};

export function resolveRealtimeConfig(options: PusherServerOptions): RealtimeConfig {
  const activityTimeoutSeconds = options.activityTimeoutSeconds ?? DEFAULT_ACTIVITY_TIMEOUT_SECONDS;
  const maxMessageBytes = options.maxMessageBytes ?? PusherLimit.EventDataBytes;
  return {
    app: options.app,
    activityTimeoutMs: activityTimeoutSeconds * 1000,
    advertisedActivityTimeoutSeconds: Math.max(1, Math.round(activityTimeoutSeconds)),
    pongTimeoutMs: (options.pongTimeoutSeconds ?? DEFAULT_PONG_TIMEOUT_SECONDS) * 1000,
    maxMessageBytes,
    maxFrameBytes: maxMessageBytes * OVERSIZED_FRAME_TOLERANCE_FACTOR,
    maxRequestBodyBytes:
      options.maxRequestBodyBytes ?? maxMessageBytes * JSON_ESCAPING_ALLOWANCE_FACTOR * PusherLimit.EventsPerBatch,
    maxConnections: options.maxConnections ?? Number.POSITIVE_INFINITY,
    maxRejectedMessagesPerMinute: options.maxRejectedMessagesPerMinute ?? DEFAULT_MAX_REJECTED_MESSAGES_PER_MINUTE,
    maxFailedSubscriptionsPerMinute:
      options.maxFailedSubscriptionsPerMinute ?? DEFAULT_MAX_FAILED_SUBSCRIPTIONS_PER_MINUTE,
    clientEventsPerSecond: PusherLimit.ClientEventsPerSecond,
    logger: options.logger ?? silentLogger,
  };
}
