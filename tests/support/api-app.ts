import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import pino from "pino";
import type { Database } from "@/db";
import type { EndUserTokenPolicy } from "@/server/auth/end-user-token";
import { createChannelRegistry } from "@/server/channels/registry";
import { createApiV1Handler } from "@/server/http/api-v1";
import { CLIENT_ADDRESS_HEADER } from "@/server/http/client-address";
import { createRateLimits } from "@/server/limits/rate-limits";
import { createPusherServer } from "@/server/realtime";
import { createInProcessPublisher } from "@/server/realtime/publisher";
import { realtimeClientConfig, type RealtimeSettings } from "@/server/realtime/settings";
import { createEventDispatcher } from "@/server/services/outbox/dispatch-events";
import { GENEROUS_LIMITS, TEST_KEYS } from "./factories";

/**
 * The API channel as the app serves it, in this process: the API handler, the built-in realtime
 * server on the same port, `/api/realtime/config`, and a real dispatcher publishing committed
 * events to realtime. What the SDK talks to, without Next.js.
 */
export async function startApiApp(db: Database, options: { tokenPolicy?: EndUserTokenPolicy } = {}) {
  const app = { id: "sdk-test", key: "sdk-test-key", secret: "sdk-test-secret" };
  const realtime = createPusherServer({ app });
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  const settings: RealtimeSettings = {
    appId: app.id,
    key: app.key,
    secret: app.secret,
    host: "127.0.0.1",
    port,
    useTLS: false,
    cluster: "mt1",
    builtIn: true,
  };
  const publisher = createInProcessPublisher(settings, realtime);
  const dispatcher = createEventDispatcher(db, publisher, pino({ level: "silent" }));
  const registry = createChannelRegistry({
    keys: TEST_KEYS,
    tokenPolicy: options.tokenPolicy,
    outbound: { allowLoopback: true },
  });
  const deps = {
    db,
    dispatcher,
    visitorKeys: TEST_KEYS,
    limits: createRateLimits(GENEROUS_LIMITS, { kind: "database", db }),
    publisher,
    endUserTokens: options.tokenPolicy,
    adapter: registry.api!,
  };
  const serveApi = createApiV1Handler(async () => deps);
  const clientConfig = JSON.stringify(realtimeClientConfig(settings));
  server.on("request", (req, res) => {
    req.headers[CLIENT_ADDRESS_HEADER] = `203.0.113.${Math.floor(Math.random() * 250)}`;
    if (serveApi(req, res)) return;
    if (req.url === "/api/realtime/config")
      return void res.writeHead(200, { "content-type": "application/json" }).end(clientConfig);
    if (realtime.handleHttpRequest(req, res)) return;
    res.writeHead(404).end();
  });
  server.on("upgrade", (req, socket, head) => {
    if (!realtime.handleUpgrade(req, socket, head)) socket.destroy();
  });
  return {
    url: `http://127.0.0.1:${port}`,
    deps,
    realtime,
    async close() {
      await dispatcher.flush?.();
      await realtime.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
