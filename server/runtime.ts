import type { Logger } from "pino";
import type { Database } from "@/db";
import { createVisitorKeyRing, type VisitorKeyRing } from "./auth/visitor-token";
import { getDatabase } from "./database";
import { noteTransactionRetry } from "./database-unavailable";
import { env } from "./env";
import { createRateLimits, type RateLimits } from "./limits/rate-limits";
import { logger } from "./logger";
import { sharedRedis } from "./redis";
import {
  builtInRealtime,
  createInProcessPublisher,
  createPusherPublisher,
  type RealtimePublisher,
} from "./realtime/publisher";
import { realtimeClientConfig, realtimeSettings, type RealtimeClientConfig } from "./realtime/settings";
import type { ServiceContext } from "./services/context";
import { createEventDispatcher } from "./services/outbox/dispatch-events";

export type Runtime = ServiceContext & {
  log: Logger;
  publisher: RealtimePublisher;
  /** Signs and verifies widget visitor tokens. */
  visitorKeys: VisitorKeyRing;
  realtimeClient: RealtimeClientConfig;
  limits: RateLimits;
};

const registry = globalThis as typeof globalThis & { __switchboardRuntime?: Promise<Runtime> };

async function buildRuntime(): Promise<Runtime> {
  const config = env();
  const db: Database = await getDatabase();
  const log = logger();
  const settings = realtimeSettings(config);
  const localServer = settings.builtIn ? builtInRealtime() : null;
  const publisher = localServer ? createInProcessPublisher(settings, localServer) : createPusherPublisher(settings);
  const redis = sharedRedis();
  const secret = config.AUTH_SECRET;
  if (!secret) throw new Error("AUTH_SECRET is not set");
  return {
    db,
    log,
    publisher,
    visitorKeys: createVisitorKeyRing({
      secret,
      previousSecrets: config.AUTH_SECRET_PREVIOUS,
      ttlDays: config.VISITOR_TOKEN_TTL_DAYS,
    }),
    dispatcher: createEventDispatcher(db, publisher, log),
    onTransientRetry: noteTransactionRetry,
    realtimeClient: realtimeClientConfig(settings),
    limits: createRateLimits(config, redis ? { kind: "redis", client: redis } : { kind: "database", db }),
  };
}

/** The process-wide wiring of database, realtime and dispatcher, shared by every entry point. */
export function getRuntime(): Promise<Runtime> {
  registry.__switchboardRuntime ??= buildRuntime();
  return registry.__switchboardRuntime;
}
