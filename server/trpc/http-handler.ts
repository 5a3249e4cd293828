import { getTRPCErrorFromUnknown, getTRPCErrorShape, TRPCError } from "@trpc/server";
import { fetchRequestHandler } from "@trpc/server/adapters/fetch";
import { transformTRPCResponse } from "@trpc/server/unstable-core-do-not-import";
import { isDomainError, errorKind, InvalidInputError } from "@/server/errors";
import { MAX_TRPC_BODY_BYTES, readTextWithinLimit, withBody } from "@/server/http/body-limit";
import { assertJsonWithinBounds } from "@/server/http/json-bounds";
import { newRequestId } from "@/server/ids";
import { logger } from "@/server/logger";
import { isPublicError, type TrpcContext } from "./init";
import { MAX_TRPC_BATCH_SIZE, MAX_TRPC_URL_LENGTH } from "./limits";
import { responseMeta } from "./response-meta";
import { appRouter } from "./root";

export const TRPC_ENDPOINT = "/api/trpc";

/**
 * Serves one tRPC HTTP request after the checks tRPC does not make itself: URL length, body size
 * (streamed, whatever Content-Length says), JSON nesting and array bounds, JSON syntax. Only then
 * is the already-read body handed to tRPC as a new Request.
 */
export async function handleTrpcRequest(req: Request, createContext: () => Promise<TrpcContext>): Promise<Response> {
  let bounded: Request;
  try {
    bounded = await boundedRequest(req);
  } catch (error) {
    return trpcErrorResponse(error);
  }
  return serveBounded(bounded, createContext);
}

/**
 * The same for a server that has read the body itself, within MAX_TRPC_BODY_BYTES: the checks
 * run on that text and tRPC gets the one Request built from it (no second read or copy).
 */
export function handleTrpcText(
  request: { url: string; method: string; headers: Headers; body: string | null },
  createContext: () => Promise<TrpcContext>,
): Promise<Response> {
  try {
    const url = new URL(request.url);
    assertBoundedUrl(url);
    if (request.body === null) assertBoundedQuery(url);
    else if (request.body.length > 0) assertBoundedJson(request.body);
  } catch (error) {
    return Promise.resolve(trpcErrorResponse(error));
  }
  const { url, method, headers, body } = request;
  return serveBounded(new Request(url, { method, headers, body }), createContext);
}

function serveBounded(req: Request, createContext: () => Promise<TrpcContext>): Promise<Response> {
  return fetchRequestHandler({
    endpoint: TRPC_ENDPOINT,
    req,
    router: appRouter,
    maxBatchSize: MAX_TRPC_BATCH_SIZE,
    responseMeta,
    createContext,
    onError({ error, path, ctx }) {
      // procedure failures are logged by the error middleware; this catches the rest (context, adapter)
      if (error.code === "INTERNAL_SERVER_ERROR" && !isPublicError(error)) {
        logger().error({ err: error.cause ?? error, path, ref: ctx?.requestId }, "tRPC request failed");
      }
    },
  });
}

function assertBoundedUrl(url: URL): void {
  if (url.pathname.length + url.search.length > MAX_TRPC_URL_LENGTH) {
    throw new InvalidInputError(`The request URL is too long (at most ${MAX_TRPC_URL_LENGTH / 1024} KB)`);
  }
}

function assertBoundedQuery(url: URL): void {
  const input = url.searchParams.get("input");
  if (input !== null) assertBoundedJson(input);
}

async function boundedRequest(req: Request): Promise<Request> {
  const url = new URL(req.url);
  assertBoundedUrl(url);
  if (req.method === "GET" || req.method === "HEAD") {
    assertBoundedQuery(url);
    return req;
  }
  const text = await readTextWithinLimit(req, MAX_TRPC_BODY_BYTES);
  if (text.length > 0) assertBoundedJson(text);
  return withBody(req, text);
}

function assertBoundedJson(text: string): void {
  assertJsonWithinBounds(text);
  try {
    JSON.parse(text);
  } catch {
    throw new InvalidInputError("The request is not valid JSON");
  }
}

/** An error answered before tRPC runs, in tRPC's wire shape so its client shows the message. */
export function trpcErrorResponse(error: unknown): Response {
  const requestId = newRequestId();
  let trpcError: TRPCError;
  if (isDomainError(error)) {
    trpcError = new TRPCError({ code: errorKind(error), message: error.message, cause: error });
  } else {
    trpcError = getTRPCErrorFromUnknown(error);
    logger().error({ err: error, ref: requestId }, "tRPC request could not be read");
  }
  const config = appRouter._def._config;
  const shape = getTRPCErrorShape({
    config,
    error: trpcError,
    type: "unknown",
    path: undefined,
    input: undefined,
    ctx: { requestId } as TrpcContext,
  });
  return Response.json(transformTRPCResponse(config, { error: shape }), { status: shape.data.httpStatus });
}
