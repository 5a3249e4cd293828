import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import next from "next";
import { DEMO_LOGINS, DEMO_WIDGET_TOKEN, seedDemoWorkspace } from "@/db/seed";
import { closeDatabase } from "./database";
import { DataDirectoryInUseError, lockDataDirectory } from "./data-dir-lock";
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
import { serveTrpc } from "./trpc/node-handler";
import { createApiV1Handler } from "./http/api-v1";
import { apiDependencies } from "./channels/api/dependencies";
import { startOutboxRelay } from "./services/outbox/relay-pending-events";
import { startRoutingClock } from "./services/routing/start-routing-clock";
import { outboundChannels } from "./channels/outbound";
import { startJobQueue } from "./jobs/queue";

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

/** Binds the port or stops the process with a clear message (a second instance, another app). */
async function listenOrExit(server: Server, config: Env): Promise<void> {
  try {
    await new Promise<void>((resolve, reject) => {
      server.once("error", reject);
      server.listen(config.PORT, config.HOST, () => {
        server.off("error", reject);
        resolve();
      });
    });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const reason =
      code === "EADDRINUSE"
        ? "is already in use (is Switchboard already running?)"
        : `cannot be used (${code ?? (error as Error).message})`;
    console.error(`Port ${config.PORT} on ${config.HOST} ${reason}. Set PORT to use another port.`);
    process.exit(1);
  }
}

function holdDataDirectoryOrExit(dataDir: string): void {
  try {
    lockDataDirectory(dataDir);
  } catch (error) {
    if (!(error instanceof DataDirectoryInUseError)) throw error;
    console.error(error.message);
    process.exit(1);
  }
}

/**
 * One Node process serves Next.js, the built-in Pusher-compatible realtime server
 * (WebSocket upgrades on /app/{key}, HTTP events API on /apps/{id}) and the outbox relay.
 */
export async function startAppServer(): Promise<Server> {
  const config = loadEnv();
  const log = logger();
  // Claim the port, then the embedded data directory, before touching the database: a second
  // instance must stop here, not run an outbox relay against the first one's data.
  const server = createServer();
  await listenOrExit(server, config);
  const answerStarting = (_req: IncomingMessage, res: ServerResponse) => {
    res.writeHead(503, { "Content-Type": "application/json", "Retry-After": "2" }).end('{"status":"starting"}');
  };
  server.on("request", answerStarting);
  if (!config.DATABASE_URL) holdDataDirectoryOrExit(config.DATA_DIR);

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

  // Installed before any request can store a message that needs a job.
  const jobs = await startJobQueue(runtime, {
    log,
    outbound: outboundChannels({
      allowLoopback: config.CALLBACK_URLS_ALLOW_LOOPBACK === "true",
      callbackTimeoutSeconds: 10,
    }),
  });

  if (config.SEED_DEMO === "true") {
    const { seeded } = await seedDemoWorkspace(runtime.db, { callbackUrl: config.DEMO_CALLBACK_URL });
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
  const serveApi = createApiV1Handler(apiDependencies);
  server.off("request", answerStarting);
  server.on("request", (req, res) => {
    if (!perimeter.admitRequest(req, res)) return;
    if (serveApi(req, res)) return;
    if (serveTrpc(req, res)) return;
    if (realtime?.handleHttpRequest(req, res)) return;
    void handleRequest(req, res);
  });
  server.on("upgrade", (req, socket, head) => {
    if (!perimeter.admitUpgrade(req, socket)) return;
    if (realtime?.handleUpgrade(req, socket, head)) return;
    void handleUpgrade(req, socket, head);
  });

  const stopRelay = startOutboxRelay(runtime.db, runtime.dispatcher);
  const stopRoutingClock = startRoutingClock(
    runtime,
    {
      intervalMs: config.ROUTING_CLOCK_SECONDS * 1000,
      offlineGraceSeconds: config.ROUTING_OFFLINE_GRACE_SECONDS,
      reclaimAfterSeconds: config.ROUTING_RECLAIM_AFTER_MINUTES * 60,
      unroutedAfterSeconds: 0,
      batch: 200,
    },
    log,
  );

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
    stopRoutingClock();
    server.close();
    await jobs.stop().catch((error: unknown) => log.error({ err: error }, "job queue did not stop cleanly"));
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
