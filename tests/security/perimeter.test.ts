import { createServer, request, type IncomingHttpHeaders, type Server } from "node:http";
import { connect } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CLIENT_ADDRESS_HEADER } from "@/server/http/client-address";
import { createPerimeter, type PerimeterOptions } from "@/server/http/perimeter";

type Reply = { status: number; headers: IncomingHttpHeaders; body: string };

/** A real HTTP server with the perimeter in front of a handler that echoes what it was given. */
async function startServer(options: Omit<PerimeterOptions, "port" | "dev" | "externalRealtimeOrigin">) {
  let perimeter: ReturnType<typeof createPerimeter>;
  const server: Server = createServer((req, res) => {
    if (!perimeter.admitRequest(req, res)) return;
    res.setHeader("content-type", "application/json");
    res.end(JSON.stringify({ url: req.url, headers: req.headers }));
  });
  server.on("upgrade", (req, socket) => {
    if (!perimeter.admitUpgrade(req, socket)) return;
    socket.end("HTTP/1.1 101 Switching Protocols\r\n\r\n");
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as { port: number }).port;
  perimeter = createPerimeter({ ...options, port, dev: false, externalRealtimeOrigin: null });
  return { server, port };
}

function send(port: number, path: string, headers: Record<string, string>, method = "GET"): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = request({ host: "127.0.0.1", port, path, method, headers }, (res) => {
      let body = "";
      res.on("data", (chunk: Buffer) => (body += chunk.toString()));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on("error", reject);
    req.end();
  });
}

function echoed(reply: Reply): { url: string; headers: Record<string, string> } {
  expect(reply.status).toBe(200);
  return JSON.parse(reply.body);
}

describe("perimeter without trusted proxies (quickstart defaults)", () => {
  let port: number;
  let server: Server;
  beforeAll(
    async () => ({ server, port } = await startServer({ publicUrl: undefined, allowedHosts: "", trustedProxies: "" })),
  );
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it("refuses an unknown Host with a plain 400", async () => {
    const reply = await send(port, "/login", { host: "evil.example" });
    expect(reply.status).toBe(400);
    expect(reply.body).toBe("Unknown host");
    expect(reply.headers["x-content-type-options"]).toBe("nosniff");
  });

  it("treats the host of an absolute-form request target like the Host header", async () => {
    const host = `localhost:${port}`;
    const foreign = await send(port, "http://evil.example/demo", { host });
    expect(foreign.status).toBe(400);
    expect(foreign.body).toBe("Unknown host");
    expect(echoed(await send(port, `http://${host}/demo?x=1`, { host: "evil.example" })).url).toBe("/demo?x=1");
    const asterisk = await send(port, "*", { host }, "OPTIONS");
    expect(asterisk.status).toBe(400);
    expect(asterisk.body).toBe("Bad request target");
  });

  it("removes forwarded headers and a forged client address from a direct client", async () => {
    const { headers } = echoed(
      await send(port, "/", {
        host: `localhost:${port}`,
        "x-forwarded-for": "6.6.6.6",
        "x-forwarded-host": "evil.example",
        "x-forwarded-proto": "https",
        [CLIENT_ADDRESS_HEADER]: "6.6.6.6",
      }),
    );
    expect(headers[CLIENT_ADDRESS_HEADER]).toBe("127.0.0.1");
    expect(headers["x-forwarded-for"]).toBeUndefined();
    expect(headers["x-forwarded-host"]).toBeUndefined();
    expect(headers["x-forwarded-proto"]).toBeUndefined();
  });

  it("hands Next.js the same fresh nonce policy it sends the browser, over any policy the client sent", async () => {
    const first = await send(port, "/inbox", {
      host: `127.0.0.1:${port}`,
      "content-security-policy": "script-src 'nonce-chosenbyattacker'",
    });
    const second = await send(port, "/inbox", { host: `127.0.0.1:${port}` });
    const seen = echoed(first).headers["content-security-policy"];
    expect(seen).toBe(first.headers["content-security-policy"]);
    expect(seen).not.toContain("chosenbyattacker");
    expect(seen).toMatch(/script-src 'self' 'nonce-[A-Za-z0-9+/=]+' 'strict-dynamic'/);
    expect(second.headers["content-security-policy"]).not.toBe(seen);
    expect(first.headers["x-frame-options"]).toBe("DENY");
    expect(first.headers["strict-transport-security"]).toBeUndefined();
  });

  it("lets the widget frame be embedded anywhere", async () => {
    const reply = await send(port, "/widget/frame?inbox=x", { host: `localhost:${port}` });
    expect(reply.headers["x-frame-options"]).toBeUndefined();
    expect(reply.headers["content-security-policy"]).toContain("frame-ancestors *");
  });

  it("refuses a cross-site mutation and a cookie-carrying one without provenance", async () => {
    const host = `localhost:${port}`;
    const crossSite = await send(
      port,
      "/api/trpc/conversations.setPriority",
      { host, origin: "https://evil.example", cookie: "next-auth.session-token=x" },
      "POST",
    );
    expect(crossSite.status).toBe(403);
    expect(JSON.parse(crossSite.body).error.message).toContain("another website");
    const bare = await send(port, "/api/trpc/x", { host, cookie: "a=1" }, "POST");
    expect(bare.status).toBe(403);
    const sameOrigin = await send(port, "/api/trpc/x", { host, cookie: "a=1", origin: `http://${host}` }, "POST");
    expect(sameOrigin.status).toBe(200);
    const tokenClient = await send(port, "/api/trpc/x", { host }, "POST");
    expect(tokenClient.status).toBe(200);
  });

  it("lets any site's app call the bearer-token API channel, which never reads cookies", async () => {
    const host = `localhost:${port}`;
    const app = await send(port, "/api/v1/conversations", { host, origin: "https://app.example.org" }, "POST");
    expect(app.status).toBe(200);
    const fromBrowser = await send(
      port,
      "/api/v1/users",
      { host, "sec-fetch-site": "cross-site", cookie: "a=1" },
      "POST",
    );
    expect(fromBrowser.status).toBe(200);
    // Only that prefix: the rest of the app stays same-origin.
    const lookalike = await send(port, "/api/v1x", { host, origin: "https://app.example.org" }, "POST");
    expect(lookalike.status).toBe(403);
  });

  it("rewrites a malformed callbackUrl and drops a malformed callback cookie", async () => {
    const { url, headers } = echoed(
      await send(port, "/api/auth/signout?callbackUrl=http%3A%2F%2F%5B", {
        host: `localhost:${port}`,
        cookie: "next-auth.callback-url=%; keep=1",
      }),
    );
    expect(new URL(url, "http://x").searchParams.get("callbackUrl")).toBe(`http://localhost:${port}/`);
    expect(headers.cookie).toBe("keep=1");
  });

  it("refuses a WebSocket upgrade for an unknown Host", async () => {
    const answer = await new Promise<string>((resolve, reject) => {
      const socket = connect(port, "127.0.0.1", () => {
        socket.write(
          "GET /app/key HTTP/1.1\r\nHost: evil.example\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n" +
            "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n",
        );
      });
      let data = "";
      socket.on("data", (chunk) => (data += chunk.toString()));
      socket.on("end", () => resolve(data));
      socket.on("error", reject);
    });
    expect(answer).toMatch(/^HTTP\/1\.1 400/);
    expect(answer).toContain("Unknown host");
  });
});

describe("perimeter behind a trusted proxy", () => {
  let port: number;
  let server: Server;
  beforeAll(
    async () =>
      ({ server, port } = await startServer({
        publicUrl: "https://support.example.com",
        allowedHosts: "desk.example.com",
        trustedProxies: "127.0.0.0/8",
      })),
  );
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it("believes the proxy's forwarded headers: client address, host and https", async () => {
    const reply = await send(port, "/", {
      host: "app-internal:3000",
      "x-forwarded-for": "6.6.6.6, 198.51.100.20",
      "x-forwarded-host": "support.example.com",
      "x-forwarded-proto": "https",
    });
    const { headers } = echoed(reply);
    expect(headers[CLIENT_ADDRESS_HEADER]).toBe("198.51.100.20");
    expect(headers["x-forwarded-host"]).toBe("support.example.com");
    expect(reply.headers["strict-transport-security"]).toMatch(/^max-age=/);
    expect(reply.headers["content-security-policy"]).toContain("connect-src 'self' wss://support.example.com");
  });

  it("lets local callers (the realtime publisher on 127.0.0.1) use the loopback host", async () => {
    expect((await send(port, "/apps/1/events", { host: `127.0.0.1:${port}` }, "POST")).status).toBe(200);
    expect((await send(port, "/", { host: `127.0.0.1:${port + 1}` })).status).toBe(400);
  });

  it("still refuses a forwarded host that is not allowed", async () => {
    const reply = await send(port, "/", { host: "support.example.com", "x-forwarded-host": "evil.example" });
    expect(reply.status).toBe(400);
  });

  it("accepts the public origin for mutations", async () => {
    const reply = await send(
      port,
      "/api/trpc/x",
      {
        host: "support.example.com",
        "x-forwarded-proto": "https",
        origin: "https://support.example.com",
        cookie: "a=1",
      },
      "POST",
    );
    expect(reply.status).toBe(200);
  });
});
