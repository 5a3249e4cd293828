import type { Database } from "@/db";
import pino from "pino";
import type { AgentActor } from "@/server/actor";
import type { RealtimePublisher } from "@/server/realtime/publisher";
import { parseEnv } from "@/server/env";
import { createRateLimits } from "@/server/limits/rate-limits";
import type { Runtime } from "@/server/runtime";
import type { EventDispatcher } from "@/server/services/context";
import { createCaller } from "@/server/trpc/root";
import { TEST_SECRET } from "./factories";

/** The runtime a request handler would get, on the test database. */
export function testRuntime(db: Database, dispatcher: EventDispatcher, publisher?: RealtimePublisher): Runtime {
  return {
    db,
    dispatcher,
    log: pino({ level: "silent" }),
    publisher: publisher ?? (null as unknown as RealtimePublisher),
    secret: TEST_SECRET,
    realtimeClient: {
      key: "test",
      cluster: "mt1",
      wsHost: null,
      wsPort: null,
      forceTLS: false,
      authEndpoint: "/api/realtime/auth",
    },
    limits: createRateLimits(parseEnv({}), { kind: "database", db }),
  };
}

/** A real tRPC caller over the real router, so input validation and error mapping are exercised. */
export function callerFor(
  db: Database,
  dispatcher: EventDispatcher,
  agent: (AgentActor & { name: string; email: string; sessionId?: string }) | null,
  publisher?: RealtimePublisher,
) {
  return createCaller({ runtime: testRuntime(db, dispatcher, publisher), agent, requestId: "test" });
}
