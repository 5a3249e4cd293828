import type { Database } from "@/db";
import pino from "pino";
import type { AgentActor } from "@/server/actor";
import type { RealtimePublisher } from "@/server/realtime/publisher";
import { parseEnv, type Env } from "@/server/env";
import { createRateLimits } from "@/server/limits/rate-limits";
import type { Runtime } from "@/server/runtime";
import type { EventDispatcher } from "@/server/services/context";
import { createCaller } from "@/server/trpc/root";
import { TEST_KEYS, testRequester } from "./factories";

/** The runtime a request handler would get, on the test database. */
export function testRuntime(
  db: Database,
  dispatcher: EventDispatcher,
  publisher?: RealtimePublisher,
  limits?: Env,
): Runtime {
  return {
    db,
    dispatcher,
    log: pino({ level: "silent" }),
    publisher: publisher ?? (null as unknown as RealtimePublisher),
    visitorKeys: TEST_KEYS,
    realtimeClient: {
      key: "test",
      cluster: "mt1",
      wsHost: null,
      wsPort: null,
      forceTLS: false,
      authEndpoint: "/api/realtime/auth",
    },
    limits: createRateLimits(limits ?? parseEnv({}), { kind: "database", db }),
  };
}

/** A real tRPC caller over the real router, so input validation and error mapping are exercised. */
export function callerFor(
  db: Database,
  dispatcher: EventDispatcher,
  agent: (AgentActor & { name: string; email: string; sessionId?: string }) | null,
  publisher?: RealtimePublisher,
  options: { clientAddress?: string; limits?: Env } = {},
) {
  return createCaller({
    runtime: testRuntime(db, dispatcher, publisher, options.limits),
    agent,
    requestId: "test",
    clientAddress: options.clientAddress ?? testRequester().clientAddress,
  });
}
