import { PayloadTooLargeError } from "@/server/errors";

/** Largest tRPC request body (a batch of mutations with 10,000-character messages fits easily). */
export const MAX_TRPC_BODY_BYTES = 128 * 1024;
/** Largest API channel request body (one message of 10,000 characters, escaped, fits easily). */
export const MAX_API_BODY_BYTES = 64 * 1024;
/** Largest Pusher channel-authorization form (socket id, channel name, two tokens). */
export const MAX_CHANNEL_AUTH_BODY_BYTES = 8 * 1024;

export function bodyTooLarge(limit: number): PayloadTooLargeError {
  return new PayloadTooLargeError(`Request body is too large (at most ${Math.floor(limit / 1024)} KB)`);
}

/**
 * Reads a request body but never more than `limit` bytes, whatever Content-Length says (absent,
 * chunked or lying): an excess throws PayloadTooLargeError at once and cancels the body, so the
 * rest is never pulled or buffered.
 */
export async function readBodyWithinLimit(request: Request, limit: number): Promise<Uint8Array<ArrayBuffer>> {
  const declared = Number(request.headers.get("content-length") ?? 0);
  if (declared > limit) {
    await request.body?.cancel("request body over its limit").catch(() => {});
    throw bodyTooLarge(limit);
  }
  if (!request.body) return new Uint8Array(0);
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let received = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    received += value.byteLength;
    if (received > limit) {
      await reader.cancel("request body over its limit").catch(() => {});
      throw bodyTooLarge(limit);
    }
    chunks.push(value);
  }
  const body = new Uint8Array(received);
  let offset = 0;
  for (const chunk of chunks) {
    body.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return body;
}

/** `readBodyWithinLimit` decoded as UTF-8, like `request.text()`. */
export async function readTextWithinLimit(request: Request, limit: number): Promise<string> {
  return new TextDecoder().decode(await readBodyWithinLimit(request, limit));
}

/**
 * A copy of `request` carrying its body read within `limit`, for handlers that read the body
 * themselves (tRPC, next-auth: wrap it as `new NextRequest(copy)`). GET and HEAD pass through.
 */
export async function requestWithinLimit(request: Request, limit: number): Promise<Request> {
  if (request.method === "GET" || request.method === "HEAD") return request;
  return withBody(request, await readBodyWithinLimit(request, limit));
}

/** The same request with a body that has already been read (and so has a known length). */
export function withBody(request: Request, body: Uint8Array<ArrayBuffer> | string): Request {
  const headers = new Headers(request.headers);
  headers.delete("content-length");
  headers.delete("transfer-encoding");
  return new Request(request.url, { method: request.method, headers, body, signal: request.signal });
}
