import type { Logger } from "pino";

/**
 * Drops the realtime connections of agents whose session has ended (signed out elsewhere,
 * removed, deactivated). Channel auth binds each agent socket to its session; a sweep
 * every few seconds asks which of those sessions still count and closes the rest.
 */
export type SessionGuard = {
  bind(socketId: string, sessionId: string): void;
  sweep(): Promise<void>;
  stop(): void;
};

export type SessionGuardOptions = {
  /** Which of these session ids are still live, in one query. */
  liveSessions(sessionIds: string[]): Promise<Set<string>>;
  /** Closes a socket on this node; false when it is gone already. */
  disconnect(socketId: string): boolean;
  isConnected(socketId: string): boolean;
  intervalMs: number;
  logger: Logger;
};

export function createSessionGuard(options: SessionGuardOptions): SessionGuard {
  const sessionOfSocket = new Map<string, string>();
  let sweeping: Promise<void> | null = null;

  const sweepOnce = async () => {
    for (const socketId of sessionOfSocket.keys()) {
      if (!options.isConnected(socketId)) sessionOfSocket.delete(socketId);
    }
    if (sessionOfSocket.size === 0) return;
    const live = await options.liveSessions([...new Set(sessionOfSocket.values())]);
    for (const [socketId, sessionId] of sessionOfSocket) {
      if (live.has(sessionId)) continue;
      sessionOfSocket.delete(socketId);
      if (options.disconnect(socketId))
        options.logger.info({ socketId }, "closed the realtime connection of an ended session");
    }
  };

  const sweep = () => {
    sweeping ??= sweepOnce()
      .catch((error: unknown) => options.logger.warn({ err: error }, "session sweep failed; retrying"))
      .finally(() => {
        sweeping = null;
      });
    return sweeping;
  };

  const timer = setInterval(() => void sweep(), options.intervalMs);
  timer.unref();

  return {
    bind(socketId, sessionId) {
      sessionOfSocket.set(socketId, sessionId);
    },
    sweep,
    stop: () => clearInterval(timer),
  };
}

const registry = globalThis as typeof globalThis & { __switchboardSessionGuard?: SessionGuard };

/** The guard of this process's built-in realtime server; null with an external Pusher service. */
export const sessionGuard = (): SessionGuard | null => registry.__switchboardSessionGuard ?? null;

export function registerSessionGuard(guard: SessionGuard): void {
  registry.__switchboardSessionGuard = guard;
}
