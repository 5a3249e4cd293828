import { randomUUID } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import { describeChannel, listChannels, listPresenceUsers } from "./channel-info";
import { decodePathSegment } from "./handshake";
import { triggerBatch, triggerEvent } from "./http-api-events";
import { apiError, HttpStatus, type HttpApiResult } from "./http-api-result";
import type { RealtimeNode } from "./realtime-node";
import { readRequestBody } from "./request-body";
import { verifyHttpApiRequest } from "./signature";

export const HTTP_API_PATH_PREFIX = "/apps/";

/** A request after the app id, signature and body checks, ready for one endpoint. */
type SignedApiRequest = {
  method: string;
  /** Path segments after /apps/{appId}, e.g. ["channels", "presence-lobby", "users"]. */
  segments: string[];
  query: URLSearchParams;
  body: Buffer;
};

export type HttpApiHandler = {
  /** True when the path starts with /apps/; the response is then written asynchronously. */
  handleHttpRequest(request: IncomingMessage, response: ServerResponse): boolean;
};

export function createHttpApiHandler(node: RealtimeNode): HttpApiHandler {
  return {
    handleHttpRequest(request, response) {
      const target = splitRequestTarget(request.url ?? "/");
      if (!target.path.startsWith(HTTP_API_PATH_PREFIX)) return false;
      answerApiRequest(node, request, target)
        .catch((error: unknown) => {
          const correlationId = randomUUID();
          node.config.logger.error({ correlationId, err: error }, "HTTP API request failed");
          return apiError(HttpStatus.InternalServerError, `Something went wrong (correlation id ${correlationId})`);
        })
        .then((result) => sendResult(request, response, result));
      return true;
    },
  };
}

async function answerApiRequest(
  node: RealtimeNode,
  request: IncomingMessage,
  target: { path: string; query: URLSearchParams },
): Promise<HttpApiResult> {
  const apiPath = parseApiPath(target.path);
  if (!apiPath) {
    return apiError(HttpStatus.BadRequest, "Malformed percent-encoding in path");
  }
  if (apiPath.appId !== node.config.app.id) {
    return apiError(HttpStatus.NotFound, `Unknown app ${apiPath.appId}`);
  }

  const read = await readRequestBody(request, node.config.maxRequestBodyBytes);
  if (!read.ok) return bodyProblem(node, read.problem);

  const method = request.method ?? "GET";
  const signature = verifyHttpApiRequest({
    app: node.config.app,
    method,
    path: target.path,
    query: target.query,
    body: read.body,
  });
  if (!signature.ok) return apiError(HttpStatus.Unauthorized, signature.reason);

  return routeSignedRequest(node, {
    method,
    segments: apiPath.segments,
    query: target.query,
    body: read.body,
  });
}

function parseApiPath(path: string): { appId: string; segments: string[] } | undefined {
  const decoded = path.slice(HTTP_API_PATH_PREFIX.length).split("/").map(decodePathSegment);
  if (!decoded.every((segment) => segment !== undefined)) return undefined;
  const [appId = "", ...segments] = decoded;
  return { appId, segments };
}

function bodyProblem(node: RealtimeNode, problem: "too-large" | "aborted"): HttpApiResult {
  return problem === "too-large"
    ? apiError(HttpStatus.PayloadTooLarge, `Request body exceeds ${node.config.maxRequestBodyBytes} bytes`)
    : apiError(HttpStatus.BadRequest, "Request body was not received completely");
}

async function routeSignedRequest(node: RealtimeNode, request: SignedApiRequest): Promise<HttpApiResult> {
  const { method, segments, query } = request;
  const [resource, channelName, subResource, ...rest] = segments;
  if (rest.length > 0) return endpointNotFound();

  if (resource === "events" && channelName === undefined) {
    return requireMethod(method, "POST") ?? withJsonBody(request.body, (body) => triggerEvent(node, body));
  }
  if (resource === "batch_events" && channelName === undefined) {
    return requireMethod(method, "POST") ?? withJsonBody(request.body, (body) => triggerBatch(node, body));
  }
  if (resource !== "channels") return endpointNotFound();

  if (channelName === undefined) return requireMethod(method, "GET") ?? listChannels(node, query);
  if (subResource === undefined) return requireMethod(method, "GET") ?? describeChannel(node, channelName, query);
  if (subResource === "users") return requireMethod(method, "GET") ?? listPresenceUsers(node, channelName);
  return endpointNotFound();
}

function requireMethod(actual: string, expected: "GET" | "POST"): HttpApiResult | undefined {
  return actual === expected ? undefined : apiError(HttpStatus.MethodNotAllowed, `Use ${expected} for this endpoint`);
}

function endpointNotFound(): HttpApiResult {
  return apiError(HttpStatus.NotFound, "Unknown HTTP API endpoint");
}

async function withJsonBody(body: Buffer, action: (json: unknown) => Promise<HttpApiResult>): Promise<HttpApiResult> {
  let json: unknown;
  try {
    json = JSON.parse(body.toString("utf8"));
  } catch {
    return apiError(HttpStatus.BadRequest, "Request body is not valid JSON");
  }
  return action(json);
}

/** The path stays as sent: the signature covers it byte for byte, so it must not be normalised. */
function splitRequestTarget(url: string): {
  path: string;
  query: URLSearchParams;
} {
  const queryStart = url.indexOf("?");
  if (queryStart < 0) return { path: url, query: new URLSearchParams() };
  return {
    path: url.slice(0, queryStart),
    query: new URLSearchParams(url.slice(queryStart + 1)),
  };
}

function sendResult(request: IncomingMessage, response: ServerResponse, result: HttpApiResult) {
  const payload = JSON.stringify(result.body);
  const headers: Record<string, string | number> = {
    "content-type": "application/json; charset=utf-8",
    "content-length": Buffer.byteLength(payload),
  };
  // After an early 413 the rest of the upload is unread; closing beats draining it.
  const bodyLeftUnread = !request.readableEnded;
  if (bodyLeftUnread) headers.connection = "close";
  response.writeHead(result.status, headers);
  response.end(payload, () => {
    if (bodyLeftUnread) request.destroy();
  });
}
