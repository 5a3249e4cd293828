import type { Logger } from "pino";
import type { Executor } from "@/db";
import { PusherErrorCode } from "@/server/realtime/protocol";
import type { PusherServer } from "@/server/realtime/pusher-server";
import { createSessionGuard, type SessionGuard } from "@/server/realtime/session-guard";
import { liveSessionIds } from "./resolve-session";
import type { SessionPolicy } from "./session-policy";

const SWEEP_INTERVAL_MS = 2000;

/** Ties the built-in realtime server to the session table: ended sessions lose their sockets within seconds. */
export function guardRealtimeSessions(
  db: Executor,
  policy: SessionPolicy,
  realtime: PusherServer,
  logger: Logger,
): SessionGuard {
  return createSessionGuard({
    liveSessions: (sessionIds) => liveSessionIds(db, policy, sessionIds),
    // 4009 tells pusher-js not to reconnect: the page must sign in again.
    disconnect: (socketId) =>
      realtime.disconnect(socketId, PusherErrorCode.ConnectionUnauthorized, "Your session has ended; sign in again"),
    isConnected: (socketId) => realtime.isConnected(socketId),
    intervalMs: SWEEP_INTERVAL_MS,
    logger,
  });
}
