import type { Logger } from "pino";
import type { ServiceContext } from "../context";
import { sweepRouting, type SweepSettings } from "./sweep-routing";

/**
 * Runs the routing clock on this node every `intervalMs`: new conversations are routed within
 * about a second of being stored, and the clock's other duties (requeues, reclaims, SLA alerts,
 * offers) happen on time. Every node may run it; they share the work through row locks.
 */
export function startRoutingClock(
  ctx: ServiceContext,
  settings: SweepSettings & { intervalMs: number },
  log: Logger,
): () => void {
  let running = false;
  const timer = setInterval(() => {
    if (running) return;
    running = true;
    sweepRouting(ctx, settings)
      .then(({ firstFailure, ...report }) => {
        if (report.failed > 0) {
          log.warn({ err: firstFailure, report }, "routing clock: some conversations failed; they are tried again");
        } else if (Object.values(report).some((count) => count > 0)) log.debug({ report }, "routing clock");
      })
      .catch((error: unknown) => log.warn({ err: error }, "routing clock failed; it runs again shortly"))
      .finally(() => {
        running = false;
      });
  }, settings.intervalMs);
  timer.unref();
  return () => clearInterval(timer);
}
