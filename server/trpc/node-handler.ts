import type { IncomingMessage, ServerResponse } from "node:http";
import { createURL } from "@trpc/server/adapters/node-http";
import { agentFromCookies, parseCookieHeader } from "@/server/auth/agent-from-cookies";
import { bodyTooLarge, MAX_TRPC_BODY_BYTES } from "@/server/http/body-limit";
import { clientAddressOf } from "@/server/http/client-address";
import { newRequestId } from "@/server/ids";
import { readRequestBody } from "@/server/realtime/request-body";
import { getRuntime } from "@/server/runtime";
import { handleTrpcText, TRPC_ENDPOINT, trpcErrorResponse } from "./http-handler";
import { buildContextOrUnavailable } from "./init";

const PREFIX = `${TRPC_ENDPOINT}/`;

/**
 * Serves tRPC straight from the custom server, after the perimeter and before Next.js: the
 * same router, schemas, body and JSON limits and session check, without the page framework's
 * per-request routing, web-stream body reading and compression on the hottest paths (widget
 * and agent sends). False for other paths.
 */
export function serveTrpc(req: IncomingMessage, res: ServerResponse): boolean {
  if (!req.url?.startsWith(PREFIX)) return false;
  void answer(req, res).catch((error: unknown) => {
    if (!res.headersSent) res.writeHead(500, { "content-type": "application/json" });
    res.end();
    void getRuntime().then((runtime) => runtime.log.error({ err: error }, "tRPC request failed"));
  });
  return true;
}

/** The request's headers for tRPC; the body is handed over already read, so no length or framing. */
function headersOf(req: IncomingMessage): Headers {
  const headers = new Headers();
  for (const [name, value] of Object.entries(req.headers)) {
    if (name === "content-length" || name === "transfer-encoding") continue;
    if (typeof value === "string") headers.set(name, value);
    else if (Array.isArray(value)) for (const item of value) headers.append(name, item);
  }
  return headers;
}

async function answer(req: IncomingMessage, res: ServerResponse): Promise<void> {
  const method = req.method ?? "GET";
  let body: string | null = null;
  if (method !== "GET" && method !== "HEAD") {
    // Stops reading at the limit whatever Content-Length says; the socket stays open for the answer.
    const read = await readRequestBody(req, MAX_TRPC_BODY_BYTES);
    if (!read.ok) {
      if (read.problem === "aborted") return void res.destroy();
      return send(res, trpcErrorResponse(bodyTooLarge(MAX_TRPC_BODY_BYTES)));
    }
    body = read.body.toString("utf8");
  }
  const headers = headersOf(req);
  const response = await handleTrpcText({ url: createURL(req).href, method, headers, body }, () =>
    buildContextOrUnavailable(async () => ({
      runtime: await getRuntime(),
      agent: await agentFromCookies(parseCookieHeader(req.headers.cookie)),
      requestId: newRequestId(),
      clientAddress: clientAddressOf(headers),
    })),
  );
  await send(res, response);
}

async function send(res: ServerResponse, response: Response): Promise<void> {
  const body = Buffer.from(await response.arrayBuffer());
  response.headers.forEach((value, name) => res.setHeader(name, value));
  res.setHeader("content-length", body.length);
  res.writeHead(response.status);
  res.end(body);
}
