import type { IncomingMessage, ServerResponse } from "node:http";
import { API_ROUTES, type ApiDependencies, type ApiRoute } from "@/server/channels/api/routes";
import { apiDocument } from "@/server/channels/api/openapi";
import { bodyTooLarge, MAX_API_BODY_BYTES } from "@/server/http/body-limit";
import { CLIENT_ADDRESS_HEADER } from "@/server/http/client-address";
import { errorResponse } from "@/server/http/errors";
import { readRequestBody } from "@/server/realtime/request-body";

export const API_PREFIX = "/api/v1/";
export const OPENAPI_PATH = "/api/v1/openapi.json";

// Token-authenticated and cookie-free, so any origin may call it (a browser app on its own domain).
const CORS_HEADERS = {
  "access-control-allow-origin": "*",
  "access-control-allow-headers": "authorization, content-type, idempotency-key",
  "access-control-allow-methods": "GET, POST, OPTIONS",
  "access-control-max-age": "600",
};

type CompiledRoute = { route: ApiRoute; pattern: RegExp; names: string[] };

const compiled: CompiledRoute[] = API_ROUTES.map((route) => {
  const names: string[] = [];
  const source = route.path.replace(/\{(\w+)\}/g, (_, name: string) => {
    names.push(name);
    return "([^/]+)";
  });
  return { route, pattern: new RegExp(`^${source}$`), names };
});

function json(status: number, body: unknown, headers: Record<string, string> = {}): Response {
  return Response.json(body, { status, headers: { "cache-control": "no-store", ...headers } });
}

const apiError = (status: number, code: string, message: string) => json(status, { error: { code, message } });

let document: string | null = null;

/**
 * Serves the API channel (`/api/v1/…`) from the custom server, after the perimeter and before
 * Next.js: bodies read within their limit on the Node stream, the route's strict schemas, one
 * error shape. False for other paths.
 */
export function createApiV1Handler(dependencies: () => Promise<ApiDependencies>) {
  return (req: IncomingMessage, res: ServerResponse): boolean => {
    if (!req.url?.startsWith(API_PREFIX)) return false;
    void answer(req, dependencies)
      .catch((error: unknown) => errorResponse(error))
      .then((response) => send(res, response));
    return true;
  };
}

async function answer(req: IncomingMessage, dependencies: () => Promise<ApiDependencies>): Promise<Response> {
  const url = new URL(req.url ?? "/", "http://api.invalid");
  const method = (req.method ?? "GET").toUpperCase();
  if (method === "OPTIONS") return new Response(null, { status: 204 });
  if (url.pathname === OPENAPI_PATH && (method === "GET" || method === "HEAD")) {
    document ??= JSON.stringify(apiDocument());
    return new Response(document, { headers: { "content-type": "application/json" } });
  }
  const matches = compiled
    .map((entry) => ({ entry, match: entry.pattern.exec(url.pathname) }))
    .filter((candidate) => candidate.match);
  if (matches.length === 0) return apiError(404, "NOT_FOUND", `No API route ${url.pathname}`);
  const found = matches.find(({ entry }) => entry.route.method.toUpperCase() === method);
  if (!found?.match) {
    const allowed = matches.map(({ entry }) => entry.route.method.toUpperCase()).join(", ");
    return json(
      405,
      { error: { code: "METHOD_NOT_ALLOWED", message: `Use ${allowed} for ${url.pathname}` } },
      { allow: allowed },
    );
  }

  let rawBody: Buffer = Buffer.alloc(0);
  if (method !== "GET" && method !== "HEAD") {
    const read = await readRequestBody(req, MAX_API_BODY_BYTES);
    if (!read.ok) return errorResponse(bodyTooLarge(MAX_API_BODY_BYTES));
    rawBody = read.body;
  }
  const { entry, match } = found;
  // Left encoded: ids never contain escapes, and a malformed one is refused by the id schema.
  const params = Object.fromEntries(entry.names.map((name, index) => [name, match[index + 1] ?? ""]));
  const headers: Record<string, string | undefined> = {};
  for (const [name, value] of Object.entries(req.headers))
    headers[name] = Array.isArray(value) ? value.join(",") : value;
  const deps = await dependencies();
  const result = await entry.route.handle(deps, {
    method,
    path: url.pathname,
    params,
    query: url.searchParams,
    headers,
    rawBody,
    requester: { clientAddress: headers[CLIENT_ADDRESS_HEADER] || req.socket.remoteAddress || "unknown" },
  });
  return json(result.status ?? entry.route.status, result.body);
}

async function send(res: ServerResponse, response: Response): Promise<void> {
  const body = Buffer.from(await response.arrayBuffer());
  if (res.headersSent) return void res.end();
  response.headers.forEach((value, name) => res.setHeader(name, value));
  for (const [name, value] of Object.entries(CORS_HEADERS)) res.setHeader(name, value);
  res.setHeader("content-length", body.length);
  res.writeHead(response.status);
  res.end(body);
}
