import { Agent, request as httpRequest } from "node:http";
import { connect } from "node:net";
import { createTRPCClient, httpBatchLink, TRPCClientError } from "@trpc/client";
import { expect, test } from "@playwright/test";
import superjson from "superjson";
import type { AppRouter } from "@/server/trpc/root";

const INBOX = "demo_web_widget";

type RawResponse = {
  status: number;
  body: string;
  bytesSent: number;
  elapsedMs: number;
  /** With `keepOpen`: milliseconds from the answer until the server closed the connection. */
  closedAfterMs: Promise<number>;
};

/**
 * One raw HTTP/1.1 request over Node's `http` module. `feed` keeps writing body chunks until the
 * response arrives (or it returns false), so a server that reads everything would never answer.
 */
function rawRequest(
  baseURL: string,
  options: {
    method: string;
    path: string;
    headers?: Record<string, string>;
    feed?: (index: number) => Buffer | null;
    keepOpen?: boolean;
  },
): Promise<RawResponse> {
  const url = new URL(options.path, baseURL);
  const started = Date.now();
  return new Promise((resolve, reject) => {
    let bytesSent = 0;
    let answered = false;
    let answeredAt = 0;
    let markClosed: (ms: number) => void = () => {};
    const closedAfterMs = new Promise<number>((resolve) => (markClosed = resolve));
    const req = httpRequest(
      {
        // a fresh keep-alive connection, as browsers use: with "Connection: close" Node shuts the
        // socket right after the answer and the reset can beat the answer to a client still sending
        agent: new Agent({ keepAlive: true }),
        host: url.hostname,
        port: url.port,
        method: options.method,
        path: url.pathname + url.search,
        headers: options.headers,
      },
      (res) => {
        answered = true;
        let body = "";
        res.setEncoding("utf8");
        res.on("data", (chunk: string) => (body += chunk));
        res.on("end", () => {
          answeredAt = Date.now();
          resolve({ status: res.statusCode ?? 0, body, bytesSent, elapsedMs: answeredAt - started, closedAfterMs });
          if (!options.keepOpen) req.destroy();
        });
      },
    );
    req.on("error", (error) => (answered ? undefined : reject(error)));
    req.on("socket", (socket) => socket.on("close", () => markClosed(Date.now() - answeredAt)));
    const pump = (index: number) => {
      if (answered || req.destroyed) return;
      const chunk = options.feed?.(index) ?? null;
      if (!chunk) return void req.end();
      bytesSent += chunk.length;
      if (req.write(chunk)) setImmediate(() => pump(index + 1));
      else req.once("drain", () => pump(index + 1));
    };
    pump(0);
  });
}

const endless =
  (chunkSize: number, limit = 64 * 1024 * 1024) =>
  (index: number) =>
    index * chunkSize < limit ? Buffer.alloc(chunkSize, 0x20) : null;
const message = (body: string) => (JSON.parse(body) as { error: { json: { message: string } } }).error.json.message;

async function visitorToken(baseURL: string): Promise<string> {
  const client = createTRPCClient<AppRouter>({
    links: [httpBatchLink({ url: `${baseURL}/api/trpc`, transformer: superjson })],
  });
  return (await client.widget.session.mutate({ inboxToken: INBOX })).visitorToken;
}

/** Nothing was stored for a visitor while they have no conversation yet. */
async function expectNothingStored(baseURL: string, token: string) {
  const client = createTRPCClient<AppRouter>({
    links: [httpBatchLink({ url: `${baseURL}/api/trpc`, transformer: superjson })],
  });
  const session = await client.widget.session.mutate({ inboxToken: INBOX, visitorToken: token });
  expect(session.visitorToken).toBe(token);
  expect(session.conversationId).toBeNull();
}

async function expectStillServing(baseURL: string) {
  const health = await rawRequest(baseURL, { method: "GET", path: "/api/health" });
  expect(health.status).toBe(200);
}

test.describe("request body limits over raw HTTP", () => {
  test("a chunked tRPC body without Content-Length is refused with 413 as soon as it passes 128 KB", async ({
    baseURL,
  }) => {
    const response = await rawRequest(baseURL!, {
      method: "POST",
      path: "/api/trpc/widget.send",
      headers: { "content-type": "application/json", "transfer-encoding": "chunked" },
      feed: endless(16 * 1024),
      keepOpen: true,
    });
    expect(response.status).toBe(413);
    expect(message(response.body)).toBe("Request body is too large (at most 128 KB)");
    expect(response.elapsedMs).toBeLessThan(5_000);
    expect(response.bytesSent).toBeLessThan(16 * 1024 * 1024);
    // the rest is never read: the idle connection is dropped by the keep-alive timeout (5 s)
    expect(await response.closedAfterMs).toBeLessThan(10_000);
    await expectStillServing(baseURL!);
  });

  test("a chunked channel-auth body is refused with 413 past 8 KB", async ({ baseURL }) => {
    const response = await rawRequest(baseURL!, {
      method: "POST",
      path: "/api/realtime/auth",
      headers: { "content-type": "application/x-www-form-urlencoded", "transfer-encoding": "chunked" },
      feed: endless(4 * 1024),
    });
    expect(response.status).toBe(413);
    expect((JSON.parse(response.body) as { error: { message: string } }).error.message).toBe(
      "Request body is too large (at most 8 KB)",
    );
    expect(response.elapsedMs).toBeLessThan(5_000);
    await expectStillServing(baseURL!);
  });

  test("a declared Content-Length over the limit is refused before the body is sent", async ({ baseURL }) => {
    const response = await rawRequest(baseURL!, {
      method: "POST",
      path: "/api/trpc/widget.send",
      headers: { "content-type": "application/json", "content-length": String(10 * 1024 * 1024) },
      feed: (index) => (index === 0 ? Buffer.from('{"json":') : null),
    });
    expect(response.status).toBe(413);
    expect(message(response.body)).toBe("Request body is too large (at most 128 KB)");
  });

  test("bytes sent beyond a smaller declared Content-Length do not slip into the body", async ({ baseURL }) => {
    const token = await visitorToken(baseURL!);
    const body = Buffer.from(
      JSON.stringify({
        json: {
          inboxToken: INBOX,
          visitorToken: token,
          body: "x".repeat(200_000),
          clientMessageId: `e2e-lie-${Date.now()}`,
        },
      }),
    );
    // Node's http client refuses to send more than it declares, so this one is written by hand
    const url = new URL(baseURL!);
    const socket = connect(Number(url.port), url.hostname);
    const head = `POST /api/trpc/widget.send HTTP/1.1\r\nHost: ${url.host}\r\nContent-Type: application/json\r\nContent-Length: 120\r\n\r\n`;
    socket.write(Buffer.concat([Buffer.from(head), body]));
    let received = "";
    socket.setEncoding("utf8");
    socket.on("data", (chunk: string) => (received += chunk));
    // The 120 declared bytes are the whole body; the rest is parsed as a malformed next request,
    // which Node refuses with 400 and closes the connection (before or after the app's own 400)
    await new Promise<void>((resolve) => {
      socket.on("close", () => resolve());
      socket.on("error", () => resolve());
    });
    expect(received).toMatch(/^HTTP\/1\.1 400 /);
    expect(received).not.toContain("HTTP/1.1 200");
    if (received.includes("{")) expect(received).toContain('"The request is not valid JSON"');
    await expectNothingStored(baseURL!, token);
    await expectStillServing(baseURL!);
  });
});

test.describe("bounded tRPC requests over raw HTTP", () => {
  test("a batch of 50 procedures is refused and none of them runs", async ({ baseURL }) => {
    const token = await visitorToken(baseURL!);
    const inputs = Object.fromEntries(
      Array.from({ length: 50 }, (_, i) => [
        i,
        {
          json: {
            inboxToken: INBOX,
            visitorToken: token,
            body: `batched ${i}`,
            clientMessageId: `e2e-batch-${Date.now()}-${i}`,
          },
        },
      ]),
    );
    const response = await rawRequest(baseURL!, {
      method: "POST",
      path: `/api/trpc/${Array(50).fill("widget.send").join(",")}?batch=1`,
      headers: { "content-type": "application/json" },
      feed: (index) => (index === 0 ? Buffer.from(JSON.stringify(inputs)) : null),
    });
    expect(response.status).toBe(400);
    expect(message(response.body)).toBe("Too many calls in one request (at most 10)");
    await expectNothingStored(baseURL!, token);
  });

  test("an unknown input field is refused with 400 naming it", async ({ baseURL }) => {
    const response = await rawRequest(baseURL!, {
      method: "POST",
      path: "/api/trpc/widget.session",
      headers: { "content-type": "application/json" },
      feed: (index) =>
        index === 0 ? Buffer.from(JSON.stringify({ json: { inboxToken: INBOX, isAdmin: true } })) : null,
    });
    expect(response.status).toBe(400);
    expect(message(response.body)).toBe('Unknown field "isAdmin"');
  });

  test("a 10,000-deep input is refused with a human message and no internal error text", async ({ baseURL }) => {
    const deep = '{"a":'.repeat(10_000) + "1" + "}".repeat(10_000);
    const response = await rawRequest(baseURL!, {
      method: "POST",
      path: "/api/trpc/widget.send",
      headers: { "content-type": "application/json" },
      feed: (index) => (index === 0 ? Buffer.from(`{"json":${deep}}`) : null),
    });
    expect(response.status).toBe(400);
    expect(message(response.body)).toBe("The request is too deeply nested (at most 32 levels)");
    expect(response.body).not.toMatch(/Maximum call stack|RangeError/);

    const meta = JSON.stringify({ json: { inboxToken: INBOX }, meta: { values: { inboxToken: ["custom", "x"] } } });
    const overflow = await rawRequest(baseURL!, {
      method: "POST",
      path: "/api/trpc/widget.session",
      headers: { "content-type": "application/json" },
      feed: (index) => (index === 0 ? Buffer.from(meta) : null),
    });
    expect(overflow.status).toBe(400);
    expect(message(overflow.body)).toBe("The request could not be read");
    expect(overflow.body).not.toMatch(/Maximum call stack|RangeError/);
  });

  test("the tRPC client shows the server's messages for refused requests", async ({ baseURL }) => {
    const client = createTRPCClient<AppRouter>({
      links: [httpBatchLink({ url: `${baseURL}/api/trpc`, transformer: superjson })],
    });
    const token = await visitorToken(baseURL!);
    const send = (body: string) =>
      client.widget.send.mutate({
        inboxToken: INBOX,
        visitorToken: token,
        body,
        clientMessageId: `e2e-c-${Math.random().toString(36).slice(2)}`,
      });
    const failureOf = (call: Promise<unknown>) =>
      call.then(
        () => null,
        (error: unknown) => error as TRPCClientError<AppRouter>,
      );

    const tooLarge = await failureOf(send("a".repeat(200_000)));
    expect(tooLarge).toBeInstanceOf(TRPCClientError);
    expect(tooLarge?.message).toBe("Request body is too large (at most 128 KB)");

    const batch = await Promise.all(Array.from({ length: 11 }, (_, i) => failureOf(send(`batched ${i}`))));
    for (const failure of batch) expect(failure?.message).toBe("Too many calls in one request (at most 10)");
    await expectNothingStored(baseURL!, token);
  });
});
