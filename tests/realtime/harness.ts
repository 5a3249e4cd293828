import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import PusherSdk from "pusher";
import PusherClient from "pusher-js";
import { WebSocket } from "ws";
import { createPusherServer, type PusherServer } from "@/server/realtime";
import type { PusherServerOptions, RealtimeApp } from "@/server/realtime/config";

export const testApp: RealtimeApp = {
  id: "switchboard-test",
  key: "test-key",
  secret: "test-secret",
};

/** Channels whose name contains this are refused by the test app's auth endpoint, as a real app would. */
export const FORBIDDEN_CHANNEL_MARKER = "forbidden";

const DEFAULT_WAIT_MS = 5000;

export type RealtimeHarness = {
  port: number;
  pusherServer: PusherServer;
  sdk: PusherSdk;
  /** A real pusher-js (Node build) client, resolved once it is connected. */
  connectClient(options?: { userId?: string; userName?: string }): Promise<PusherClient>;
  openRawSocket(pathAndQuery?: string): Promise<RawSocket>;
  baseUrl: string;
  close(): Promise<void>;
};

export async function startRealtimeHarness(
  overrides: Partial<Omit<PusherServerOptions, "app">> = {},
): Promise<RealtimeHarness> {
  const pusherServer = createPusherServer({ app: testApp, ...overrides });
  let sdk: PusherSdk | undefined;
  const httpServer = createServer((request, response) => {
    if (pusherServer.handleHttpRequest(request, response)) return;
    if (request.url === "/pusher/auth" && sdk) return void authorizeChannel(sdk, request, response);
    response.writeHead(404).end();
  });
  httpServer.on("upgrade", (request, socket, head) => {
    if (!pusherServer.handleUpgrade(request, socket, head)) socket.destroy();
  });
  const port = await listenOnFreePort(httpServer);
  sdk = new PusherSdk({
    appId: testApp.id,
    key: testApp.key,
    secret: testApp.secret,
    host: "127.0.0.1",
    port: String(port),
    useTLS: false,
  });

  const clients = new Set<PusherClient>();
  const rawSockets = new Set<RawSocket>();
  return {
    port,
    pusherServer,
    sdk,
    baseUrl: `http://127.0.0.1:${port}`,
    async connectClient(options = {}) {
      const client = createClient(port, options);
      clients.add(client);
      await waitForConnection(client);
      return client;
    },
    async openRawSocket(pathAndQuery = `/app/${testApp.key}?protocol=7&client=js&version=8.6.0&flash=false`) {
      const socket = await RawSocket.open(`ws://127.0.0.1:${port}${pathAndQuery}`);
      rawSockets.add(socket);
      return socket;
    },
    async close() {
      for (const client of clients) client.disconnect();
      for (const socket of rawSockets) socket.terminate();
      await pusherServer.close();
      httpServer.closeAllConnections();
      await new Promise<void>((resolve, reject) => httpServer.close((error) => (error ? reject(error) : resolve())));
    },
  };
}

function listenOnFreePort(server: Server): Promise<number> {
  return new Promise((resolve) => {
    server.listen(0, "127.0.0.1", () => resolve((server.address() as AddressInfo).port));
  });
}

function createClient(port: number, options: { userId?: string; userName?: string }): PusherClient {
  return new PusherClient(testApp.key, {
    cluster: "local",
    wsHost: "127.0.0.1",
    wsPort: port,
    forceTLS: false,
    enabledTransports: ["ws"],
    enableStats: false,
    channelAuthorization: {
      transport: "ajax",
      endpoint: `http://127.0.0.1:${port}/pusher/auth`,
      params: {
        user_id: options.userId ?? "anonymous",
        user_name: options.userName ?? options.userId ?? "Anonymous",
      },
    },
  });
}

function waitForConnection(client: PusherClient): Promise<void> {
  return withTimeout("pusher-js to connect", (resolve) => {
    if (client.connection.state === "connected") return resolve(undefined);
    client.connection.bind("connected", () => resolve(undefined));
  });
}

/** The test app's channel-auth route, signing with the official SDK like the real app will. */
async function authorizeChannel(sdk: PusherSdk, request: IncomingMessage, response: ServerResponse) {
  const form = new URLSearchParams(await readText(request));
  const socketId = form.get("socket_id") ?? "";
  const channel = form.get("channel_name") ?? "";
  if (channel.includes(FORBIDDEN_CHANNEL_MARKER)) {
    response.writeHead(403, { "content-type": "application/json" }).end(JSON.stringify({ error: "Forbidden" }));
    return;
  }
  const presenceData = channel.startsWith("presence-")
    ? {
        user_id: form.get("user_id") ?? "anonymous",
        user_info: { name: form.get("user_name") },
      }
    : undefined;
  const auth = sdk.authorizeChannel(socketId, channel, presenceData);
  response.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify(auth));
}

function readText(request: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    request.on("error", reject);
  });
}

/** Resolves with what `register` delivers, or fails with a message naming what never happened. */
export function withTimeout<T>(
  description: string,
  register: (resolve: (value: T) => void) => void,
  timeoutMs = DEFAULT_WAIT_MS,
): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`Timed out waiting for ${description}`)), timeoutMs);
    register((value) => {
      clearTimeout(timer);
      resolve(value);
    });
  });
}

type Bindable = {
  bind(event: string, callback: (data: any, metadata?: any) => void): unknown;
};

/** The next occurrence of `event` on a pusher-js channel or connection. */
export function nextEvent<T = any>(target: Bindable, event: string, timeoutMs?: number): Promise<T> {
  return withTimeout(`pusher-js event ${event}`, (resolve) => target.bind(event, (data) => resolve(data)), timeoutMs);
}

export type WireMessage = {
  event: string;
  channel?: string;
  data?: unknown;
  user_id?: string;
};

/** A bare `ws` client for protocol-level checks pusher-js would hide. */
export class RawSocket {
  private readonly received: WireMessage[] = [];
  private readonly waiters = new Set<() => void>();
  readonly closed: Promise<{ code: number; reason: string }>;

  private constructor(private readonly socket: WebSocket) {
    socket.on("message", (raw) => {
      this.received.push(JSON.parse(String(raw)) as WireMessage);
      for (const wake of this.waiters) wake();
    });
    this.closed = new Promise((resolve) => {
      socket.on("close", (code, reason) => resolve({ code, reason: reason.toString() }));
    });
  }

  static open(url: string): Promise<RawSocket> {
    const socket = new WebSocket(url);
    const raw = new RawSocket(socket);
    return withTimeout("raw socket to open", (resolve) => socket.once("open", () => resolve(raw)));
  }

  sendJson(message: unknown): void {
    this.socket.send(JSON.stringify(message));
  }

  sendText(text: string): void {
    this.socket.send(text);
  }

  terminate(): void {
    this.socket.terminate();
  }

  /** Takes the first unread message named `event`, waiting for it if needed; earlier ones stay unread. */
  nextMessage(event: string, timeoutMs?: number): Promise<WireMessage> {
    return withTimeout(
      `raw message ${event}`,
      (resolve) => {
        const tryTake = () => {
          const index = this.received.findIndex((message) => message.event === event);
          if (index < 0) return;
          const [message] = this.received.splice(index, 1);
          this.waiters.delete(tryTake);
          resolve(message as WireMessage);
        };
        this.waiters.add(tryTake);
        tryTake();
      },
      timeoutMs,
    );
  }

  /** Messages received and not yet taken, in order, for asserting what did not arrive. */
  unread(): readonly WireMessage[] {
    return this.received;
  }
}

/** Parses a wire `data` field the way pusher-js does: strings are JSON-decoded. */
export function decodeData<T = any>(message: WireMessage): T {
  return (typeof message.data === "string" ? JSON.parse(message.data) : message.data) as T;
}
