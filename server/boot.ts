import { createServer, type Server } from "node:http";
import next from "next";
import { DEMO_LOGINS, DEMO_WIDGET_TOKEN, seedDemoWorkspace } from "@/db/seed";
import { closeDatabase } from "./database";
import { env, InvalidEnvironmentError, type Env } from "./env";
import { createPerimeter } from "./http/perimeter";
import { trustedOrigin } from "./http/trusted-origin";
import { logger } from "./logger";
import { metrics } from "./metrics";
import { registerBuiltInRealtime } from "./realtime/publisher";
import { createPusherServer } from "./realtime/pusher-server";
import { registerSessionGuard } from "./realtime/session-guard";
import { guardRealtimeSessions } from "./services/session/guard-realtime-sessions";
import { sessionPolicyFrom } from "./services/session/session-policy";
import { realtimeSettings } from "./realtime/settings";
import { getRuntime } from "./runtime";
import { startOutboxRelay } from "./services/outbox/relay-pending-events";

function loadEnv(): Env {
  try {
    return env();
  } catch (error) {
    if (error instanceof InvalidEnvironmentError) {
      console.error(error.message);
      process.exit(1);
    }
    throw error;
  }
}

/**
 * One Node process serves Next.js, the built-in Pusher-compatible realtime server
 * (WebSocket upgrades on /app/{key}, HTTP events API on /apps/{id}) and the outbox relay.
 */
export async function startAppServer(): Promise<Server> {
  const config = loadEnv();
  const log = logger();
  const settings = realtimeSettings(config);
  const realtime = settings.builtIn
    ? createPusherServer({
        app: { id: settings.appId, key: settings.key, secret: settings.secret },
        logger: log.child({ module: "realtime" }),
      })
    : null;
  // Registered before the runtime is built, so the app publishes to it in process.
  if (realtime) registerBuiltInRealtime(realtime);

  const runtime = await getRuntime();
  log.info({ database: config.DATABASE_URL ? "postgres" : "pglite" }, "database ready");

  if (config.SEED_DEMO === "true") {
    const { seeded } = await seedDemoWorkspace(runtime.db);
    if (seeded) log.info("seeded the demo workspace");
  }

  if (realtime) {
    metrics().observeRealtime(() => realtime.stats());
    registerSessionGuard(guardRealtimeSessions(runtime.db, sessionPolicyFrom(config), realtime, log));
  }

  const app = next({ dev: config.NODE_ENV !== "production", hostname: "localhost", port: config.PORT });
  await app.prepare();
  const handleRequest = app.getRequestHandler();
  const handleUpgrade = app.getUpgradeHandler();

  const perimeter = createPerimeter({
    publicUrl: config.PUBLIC_URL,
    allowedHosts: config.ALLOWED_HOSTS,
    trustedProxies: config.TRUSTED_PROXIES,
    port: config.PORT,
    dev: config.NODE_ENV !== "production",
    externalRealtimeOrigin: settings.builtIn
      ? null
      : `${settings.useTLS ? "wss" : "ws"}://${settings.host}:${settings.port}`,
  });
  const server = createServer((req, res) => {
    if (!perimeter.admitRequest(req, res)) return;
    if (realtime?.handleHttpRequest(req, res)) return;
    void handleRequest(req, res);
  });
  server.on("upgrade", (req, socket, head) => {
    if (!perimeter.admitUpgrade(req, socket)) return;
    if (realtime?.handleUpgrade(req, socket, head)) return;
    void handleUpgrade(req, socket, head);
  });

  const stopRelay = startOutboxRelay(runtime.db, runtime.dispatcher);
  await new Promise<void>((resolve) => server.listen(config.PORT, config.HOST, resolve));

  const origin = trustedOrigin(config);
  log.info(
    { realtime: settings.builtIn ? "built-in" : `${settings.host}:${settings.port}` },
    `Switchboard is up at ${origin}`,
  );
  if (config.SEED_DEMO === "true") {
    console.log(
      `\n  Agent inbox:  ${origin}/login  (${DEMO_LOGINS.agent.email} / ${DEMO_LOGINS.agent.password})` +
        `\n  Admin:        ${DEMO_LOGINS.admin.email} / ${DEMO_LOGINS.admin.password}` +
        `\n  Widget demo:  ${origin}/demo  (inbox token ${DEMO_WIDGET_TOKEN})\n`,
    );
  }

  const shutdown = async (signal: string) => {
    log.info({ signal }, "shutting down");
    stopRelay();
    server.close();
    await runtime.dispatcher.flush?.().catch(() => {});
    await realtime?.close();
    await app.close();
    await closeDatabase().catch(() => {});
    process.exit(0);
  };
  process.once("SIGTERM", () => void shutdown("SIGTERM"));
  process.once("SIGINT", () => void shutdown("SIGINT"));
  return server;
}
