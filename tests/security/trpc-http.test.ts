import { createTRPCClient, httpBatchLink, httpLink, TRPCClientError } from "@trpc/client";
import { fetchRequestHandler } from "@trpc/server/adapters/fetch";
import superjson from "superjson";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DatabaseHandle } from "@/db";
import { MAX_TRPC_BODY_BYTES } from "@/server/http/body-limit";
import { MAX_JSON_DEPTH } from "@/server/http/json-bounds";
import { handleTrpcRequest } from "@/server/trpc/http-handler";
import { MAX_TRPC_BATCH_SIZE } from "@/server/trpc/limits";
import { appRouter, type AppRouter } from "@/server/trpc/root";
import type { TrpcContext } from "@/server/trpc/init";
import { testRuntime } from "../support/caller";
import { countsFor } from "../support/counts";
import { openTestDatabase } from "../support/database";
import {
  clientId,
  createVisitor,
  createWorkspace,
  recordingDispatcher,
  type TestWorkspace,
  GENEROUS_LIMITS,
} from "../support/factories";

const ORIGIN = "http://localhost";
let handle: DatabaseHandle;
let ws: TestWorkspace;
let visitor: { inboxToken: string; visitorToken: string };
let context: () => Promise<TrpcContext>;

beforeAll(async () => {
  handle = await openTestDatabase();
  ws = await createWorkspace(handle.db);
  visitor = await createVisitor(handle.db, ws);
  const runtime = testRuntime(handle.db, recordingDispatcher(), undefined, GENEROUS_LIMITS);
  context = async () => ({ runtime, agent: null, requestId: "req_test", clientAddress: "198.51.100.1" });
});
afterAll(() => handle.close());

type ErrorEnvelope = { error: { json: { message: string; data: { code: string; httpStatus: number } } } };

const serve = (req: Request) => handleTrpcRequest(req, context);
const post = (path: string, body: BodyInit, headers: Record<string, string> = {}) =>
  serve(
    new Request(`${ORIGIN}/api/trpc/${path}`, {
      method: "POST",
      body,
      headers: { "content-type": "application/json", ...headers },
      duplex: "half",
    } as RequestInit),
  );
const sendInput = () => ({ ...visitor, body: "Hi", clientMessageId: clientId() });

/** The error as the tRPC client reads it: one envelope, or one per call of a batch. */
async function errorOf(response: Response): Promise<{ status: number; code: string; message: string; raw: string }> {
  const raw = await response.text();
  const parsed = JSON.parse(raw) as ErrorEnvelope | ErrorEnvelope[];
  const envelope = Array.isArray(parsed) ? parsed[0]! : parsed;
  return { status: response.status, code: envelope.error.json.data.code, message: envelope.error.json.message, raw };
}

/** A client over the real handler, as the browser's (httpBatchLink + superjson) reads responses. */
function clientFor(link: typeof httpBatchLink | typeof httpLink = httpBatchLink) {
  return createTRPCClient<AppRouter>({
    links: [
      link({
        url: `${ORIGIN}/api/trpc`,
        transformer: superjson,
        fetch: (url, init) => serve(new Request(url, init as RequestInit)),
      }),
    ],
  });
}

describe("tRPC over HTTP: body limits", () => {
  it("answers 413 in tRPC's shape to a chunked body over the limit and stops reading it", async () => {
    let produced = 0;
    const endless = new ReadableStream<Uint8Array>(
      {
        pull(controller) {
          produced += 16 * 1024;
          controller.enqueue(new TextEncoder().encode(" ".repeat(16 * 1024)));
        },
      },
      { highWaterMark: 0 },
    );
    const error = await errorOf(await post("widget.send", endless));
    expect(error).toMatchObject({
      status: 413,
      code: "PAYLOAD_TOO_LARGE",
      message: "Request body is too large (at most 128 KB)",
    });
    expect(produced).toBeLessThan(MAX_TRPC_BODY_BYTES + 64 * 1024);
  });

  it("shows the 413 message through the tRPC client instead of a transform error", async () => {
    const before = await countsFor(handle.db, ws.workspaceId);
    const huge = { ...sendInput(), body: "a".repeat(MAX_TRPC_BODY_BYTES) };
    for (const link of [httpBatchLink, httpLink]) {
      const failure = await clientFor(link)
        .widget.send.mutate(huge)
        .catch((error: unknown) => error);
      expect(failure).toBeInstanceOf(TRPCClientError);
      expect((failure as TRPCClientError<AppRouter>).message).toBe("Request body is too large (at most 128 KB)");
      expect((failure as TRPCClientError<AppRouter>).data?.code).toBe("PAYLOAD_TOO_LARGE");
    }
    expect(await countsFor(handle.db, ws.workspaceId)).toEqual(before);
  });
});

describe("tRPC over HTTP: batches", () => {
  it(`runs a batch of ${MAX_TRPC_BATCH_SIZE} and refuses ${MAX_TRPC_BATCH_SIZE + 1} without running any call`, async () => {
    const batch = (size: number) =>
      post(
        `${Array(size).fill("widget.send").join(",")}?batch=1`,
        JSON.stringify(Object.fromEntries(Array.from({ length: size }, (_, i) => [i, { json: sendInput() }]))),
      );
    const before = await countsFor(handle.db, ws.workspaceId);
    const refused = await errorOf(await batch(MAX_TRPC_BATCH_SIZE + 1));
    expect(refused).toMatchObject({
      status: 400,
      code: "BAD_REQUEST",
      message: `Too many calls in one request (at most ${MAX_TRPC_BATCH_SIZE})`,
    });
    expect(await countsFor(handle.db, ws.workspaceId)).toEqual(before);

    const accepted = await batch(MAX_TRPC_BATCH_SIZE);
    expect(accepted.status).toBe(200);
    expect((await countsFor(handle.db, ws.workspaceId)).messages).toBe(before.messages + MAX_TRPC_BATCH_SIZE);
  });

  it("applies the same limit to GET batches and shows it through the client", async () => {
    const path = Array(MAX_TRPC_BATCH_SIZE + 1)
      .fill("widget.messages")
      .join(",");
    const error = await errorOf(await serve(new Request(`${ORIGIN}/api/trpc/${path}?batch=1&input={}`)));
    expect(error.message).toBe(`Too many calls in one request (at most ${MAX_TRPC_BATCH_SIZE})`);
  });
});

const deep = (depth: number) => '{"a":'.repeat(depth) + "1" + "}".repeat(depth);

describe("tRPC over HTTP: bounded JSON", () => {
  it("refuses a 10,000-deep input with a human message and no internal error text", async () => {
    const before = await countsFor(handle.db, ws.workspaceId);
    const error = await errorOf(await post("widget.send", `{"json":${deep(10_000)}}`));
    expect(error).toMatchObject({
      status: 400,
      code: "BAD_REQUEST",
      message: `The request is too deeply nested (at most ${MAX_JSON_DEPTH} levels)`,
    });
    expect(error.raw).not.toMatch(/Maximum call stack|RangeError|stack/i);
    expect(await countsFor(handle.db, ws.workspaceId)).toEqual(before);
  });

  it("refuses a deep or long GET input the same way", async () => {
    const input = encodeURIComponent(`{"0":{"json":${deep(100)}}}`);
    const deepGet = await errorOf(
      await serve(new Request(`${ORIGIN}/api/trpc/widget.messages?batch=1&input=${input}`)),
    );
    expect(deepGet.message).toBe(`The request is too deeply nested (at most ${MAX_JSON_DEPTH} levels)`);
    const list = encodeURIComponent(JSON.stringify({ json: { afterSeq: Array(1001).fill(0) } }));
    const longGet = await errorOf(await serve(new Request(`${ORIGIN}/api/trpc/widget.messages?input=${list}`)));
    expect(longGet.message).toBe("The request contains a list that is too long (at most 1000 items)");
  });

  it("refuses a URL over the limit", async () => {
    const input = encodeURIComponent(JSON.stringify({ json: { ...visitor, conversationId: "x".repeat(9000) } }));
    const error = await errorOf(await serve(new Request(`${ORIGIN}/api/trpc/widget.messages?input=${input}`)));
    expect(error).toMatchObject({ status: 400, message: "The request URL is too long (at most 8 KB)" });
  });
});

describe("tRPC over HTTP: no internal error text", () => {
  const cases: [string, () => Promise<Response>, number, string][] = [
    [
      "malformed JSON",
      () => post("widget.send", '{"json": {"body": "unterminated'),
      400,
      "The request is not valid JSON",
    ],
    [
      "malformed JSON in a GET input",
      () => serve(new Request(`${ORIGIN}/api/trpc/widget.messages?input=%7Bnope`)),
      400,
      "The request is not valid JSON",
    ],
    [
      "superjson metadata that overflows the stack",
      () => post("widget.send", JSON.stringify({ json: sendInput(), meta: { values: { body: ["custom", "Nope"] } } })),
      400,
      "The request could not be read",
    ],
    [
      "superjson metadata that fails to convert",
      () => post("widget.send", JSON.stringify({ json: sendInput(), meta: { values: { body: ["bigint"] } } })),
      400,
      "The request could not be read",
    ],
    ["an unknown procedure", () => post("widget.nothing", "{}"), 404, "This API call does not exist"],
    [
      "a mutation called with GET",
      () => serve(new Request(`${ORIGIN}/api/trpc/widget.send?input=%7B%7D`)),
      405,
      "This API call does not accept this HTTP method",
    ],
    [
      "a form body",
      () => post("widget.send", "body=hi", { "content-type": "text/plain" }),
      400,
      "The request is not valid JSON",
    ],
    [
      "JSON sent with another content type",
      () => post("widget.send", JSON.stringify({ json: sendInput() }), { "content-type": "text/plain" }),
      415,
      "Send the request as JSON (Content-Type: application/json)",
    ],
  ];
  for (const [name, request, status, message] of cases) {
    it(`answers ${status} with a fixed message for ${name}`, async () => {
      const error = await errorOf(await request());
      expect(error.status).toBe(status);
      expect(error.message).toBe(message);
    });
  }

  it("hides a stack overflow raised inside tRPC even when the bounds are bypassed", async () => {
    // straight to tRPC's adapter, without the JSON bounds in front of it
    const response = await fetchRequestHandler({
      endpoint: "/api/trpc",
      router: appRouter,
      createContext: context,
      req: new Request(`${ORIGIN}/api/trpc/widget.send`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: `{"json":{"body":"x"},"meta":{"values":${deep(100_000)}}}`,
      }),
    });
    const error = await errorOf(response);
    expect(error).toMatchObject({ status: 400, message: "The request could not be read" });
    expect(error.raw).not.toMatch(/Maximum call stack/);
  });
});
