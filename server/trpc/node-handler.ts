import type { IncomingMessage, ServerResponse } from "node:http";
import { incomingMessageToRequest } from "@trpc/server/adapters/node-http";
import { agentFromCookies, parseCookieHeader } from "@/server/auth/agent-from-cookies";
import { clientAddressOf } from "@/server/http/client-address";
import { newRequestId } from "@/server/ids";
import { getRuntime } from "@/server/runtime";
import { handleTrpcRequest, TRPC_ENDPOINT } from "./http-handler";
import { buildContextOrUnavailable } from "./init";
import { MAX_TRPC_BODY_BYTES } from "@/server/http/body-limit";

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

async function answer(req: IncomingMessage, res: ServerResponse): Promise<void> {
  // The stream reader in handleTrpcRequest enforces the limit; this is only tRPC's own backstop.
  const request = incomingMessageToRequest(req, res, { maxBodySize: MAX_TRPC_BODY_BYTES * 2 });
  const response = await handleTrpcRequest(request, () =>
    buildContextOrUnavailable(async () => ({
      runtime: await getRuntime(),
      agent: await agentFromCookies(parseCookieHeader(req.headers.cookie)),
      requestId: newRequestId(),
      clientAddress: clientAddressOf(request.headers),
    })),
  );
  const body = Buffer.from(await response.arrayBuffer());
  response.headers.forEach((value, name) => res.setHeader(name, value));
  res.setHeader("content-length", body.length);
  res.writeHead(response.status);
  res.end(body);
}
