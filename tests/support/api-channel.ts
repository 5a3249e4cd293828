import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import Pusher from "pusher";
import type { Database } from "@/db";
import { inboxes } from "@/db/schema";
import type { EndUserTokenPolicy } from "@/server/auth/end-user-token";
import type { ApiDependencies } from "@/server/channels/api/routes";
import { createChannelRegistry } from "@/server/channels/registry";
import type { ChannelInbox } from "@/server/channels/contract";
import type { Env } from "@/server/env";
import { createApiV1Handler } from "@/server/http/api-v1";
import { CLIENT_ADDRESS_HEADER } from "@/server/http/client-address";
import { newToken } from "@/server/ids";
import { createRateLimits } from "@/server/limits/rate-limits";
import { findChannelInbox } from "@/server/services/channel/find-channel-inbox";
import { GENEROUS_LIMITS, recordingDispatcher, TEST_KEYS, type TestWorkspace } from "./factories";

export const TEST_PUSHER = { appId: "test-app", key: "test-key", secret: "test-pusher-secret" };

/** An API inbox in the workspace; `identitySecret` lets tests compute userHash as a backend would. */
export async function createApiInbox(
  db: Database,
  workspace: TestWorkspace,
  options: { enforceIdentity?: boolean; callbackUrl?: string; webhookSecret?: string } = {},
): Promise<ChannelInbox & { identitySecret: string }> {
  const identitySecret = `ids_${newToken(24)}`;
  const [row] = await db
    .insert(inboxes)
    .values({
      workspaceId: workspace.workspaceId,
      channelType: "api",
      name: "Mobile app",
      publicToken: `api_${newToken(12)}`,
      identitySecret,
      enforceIdentity: options.enforceIdentity ?? false,
      callbackUrl: options.callbackUrl ?? null,
      webhookSecret: options.webhookSecret ?? null,
    })
    .returning();
  if (!row) throw new Error("no inbox");
  return { ...(await findChannelInbox(db, "api", { id: row.id })), identitySecret };
}

export function apiDependencies(
  db: Database,
  options: { limits?: Env; tokenPolicy?: EndUserTokenPolicy } = {},
): ApiDependencies & { dispatcher: ReturnType<typeof recordingDispatcher> } {
  const pusher = new Pusher({ ...TEST_PUSHER, host: "127.0.0.1" });
  const registry = createChannelRegistry({
    keys: TEST_KEYS,
    tokenPolicy: options.tokenPolicy,
    outbound: { allowLoopback: true },
  });
  return {
    db,
    dispatcher: recordingDispatcher(),
    visitorKeys: TEST_KEYS,
    limits: createRateLimits(options.limits ?? GENEROUS_LIMITS, { kind: "database", db }),
    publisher: {
      authorizeChannel: (socketId, channel, presence) => pusher.authorizeChannel(socketId, channel, presence),
    },
    endUserTokens: options.tokenPolicy,
    adapter: registry.api!,
  };
}

export type ApiServer = { url: string; deps: ReturnType<typeof apiDependencies>; close: () => Promise<void> };

/**
 * The API channel's real HTTP handler on a real socket, over the test database. The client
 * address header is set as the perimeter would (from `x-test-client`, so tests pick one).
 */
export async function startApiServer(
  db: Database,
  options: Parameters<typeof apiDependencies>[1] = {},
): Promise<ApiServer> {
  const deps = apiDependencies(db, options);
  const handle = createApiV1Handler(async () => deps);
  const server: Server = createServer((req, res) => {
    req.headers[CLIENT_ADDRESS_HEADER] = String(req.headers["x-test-client"] ?? "203.0.113.1");
    if (!handle(req, res)) res.writeHead(404).end();
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    deps,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
