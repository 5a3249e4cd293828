import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from "prom-client";

function createMetrics() {
  const registry = new Registry();
  registry.setDefaultLabels({ service: "switchboard" });
  collectDefaultMetrics({ register: registry, prefix: "switchboard_" });
  let realtimeStats: (() => { connections: number; channels: number }) | null = null;
  return {
    registry,
    procedureDuration: new Histogram({
      name: "switchboard_trpc_procedure_duration_seconds",
      help: "Time to answer a tRPC procedure, by path and outcome",
      labelNames: ["path", "type", "outcome"] as const,
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
      registers: [registry],
    }),
    eventsPublished: new Counter({
      name: "switchboard_realtime_events_published_total",
      help: "Domain events handed to realtime, by type",
      labelNames: ["type"] as const,
      registers: [registry],
    }),
    publishFailures: new Counter({
      name: "switchboard_realtime_publish_failures_total",
      help: "Realtime publishes that failed and were left to the outbox relay",
      registers: [registry],
    }),
    rateLimited: new Counter({
      name: "switchboard_rate_limited_total",
      help: "Requests refused by a rate limit, by limit",
      labelNames: ["limit"] as const,
      registers: [registry],
    }),
    databaseUnavailable: new Counter({
      name: "switchboard_database_unavailable_total",
      help: "Requests answered 503 because the database was briefly unreachable, by kind of failure",
      labelNames: ["kind"] as const,
      registers: [registry],
    }),
    transactionRetries: new Counter({
      name: "switchboard_database_transaction_retries_total",
      help: "Transactions run a second time after a dropped connection or a server-side rollback",
      registers: [registry],
    }),
    realtimeConnections: new Gauge({
      name: "switchboard_realtime_connections",
      help: "Open WebSocket connections on this node's built-in realtime server",
      registers: [registry],
      collect() {
        if (realtimeStats) this.set(realtimeStats().connections);
      },
    }),
    observeRealtime(stats: () => { connections: number; channels: number }) {
      realtimeStats = stats;
    },
    /** The built-in realtime server's numbers, or null when this node does not run one. */
    realtimeSnapshot(): { connections: number; channels: number } | null {
      return realtimeStats ? realtimeStats() : null;
    },
  };
}

export type Metrics = ReturnType<typeof createMetrics>;

/** Process-wide, because the custom server and the Next.js bundles load this module separately. */
const registry = globalThis as typeof globalThis & { __switchboardMetrics?: Metrics };

export function metrics(): Metrics {
  registry.__switchboardMetrics ??= createMetrics();
  return registry.__switchboardMetrics;
}
