import type { IncomingMessage } from "node:http";

export type RequestBody = { ok: true; body: Buffer } | { ok: false; problem: "too-large" | "aborted" };

/** Buffers a request body, giving up as soon as it passes `maxBytes` rather than after reading it all. */
export function readRequestBody(request: IncomingMessage, maxBytes: number): Promise<RequestBody> {
  const declaredLength = Number(request.headers["content-length"] ?? 0);
  if (declaredLength > maxBytes) return Promise.resolve({ ok: false, problem: "too-large" });

  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let receivedBytes = 0;
    const finish = (result: RequestBody) => {
      request.removeListener("data", onData);
      resolve(result);
    };
    const onData = (chunk: Buffer) => {
      receivedBytes += chunk.length;
      if (receivedBytes > maxBytes) {
        // Stop reading: a flowing stream left without listeners would go on reading and dropping
        // the rest; paused, the sender is held back by TCP until the connection is closed.
        request.pause();
        return finish({ ok: false, problem: "too-large" });
      }
      chunks.push(chunk);
    };
    request.on("data", onData);
    request.once("end", () => finish({ ok: true, body: Buffer.concat(chunks) }));
    request.once("error", () => finish({ ok: false, problem: "aborted" }));
  });
}
