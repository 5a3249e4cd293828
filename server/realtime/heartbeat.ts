export type Heartbeat = {
  /** Any frame from the client proves it is alive, a pong or not. */
  recordActivity(): void;
  stop(): void;
};

/**
 * Pings a client that has been silent for `activityTimeoutMs`, then gives up on it if nothing
 * arrives within `pongTimeoutMs`. Timers are refreshed, not recreated, because this runs per frame.
 */
export function startHeartbeat(options: {
  activityTimeoutMs: number;
  pongTimeoutMs: number;
  sendPing: () => void;
  onPongMissed: () => void;
}): Heartbeat {
  let pongTimer: NodeJS.Timeout | undefined;
  let stopped = false;

  const stopWaitingForPong = () => {
    if (pongTimer) clearTimeout(pongTimer);
    pongTimer = undefined;
  };
  const activityTimer = setTimeout(() => {
    options.sendPing();
    pongTimer = setTimeout(options.onPongMissed, options.pongTimeoutMs);
    pongTimer.unref();
  }, options.activityTimeoutMs);
  activityTimer.unref();

  return {
    recordActivity() {
      // refresh() would revive a cleared timer.
      if (stopped) return;
      stopWaitingForPong();
      activityTimer.refresh();
    },
    stop() {
      stopped = true;
      stopWaitingForPong();
      clearTimeout(activityTimer);
    },
  };
}
