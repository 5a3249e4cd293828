import { describe, expect, it } from "vitest";
import { PayloadTooLargeError } from "@/server/errors";
import { readBodyWithinLimit, readTextWithinLimit, requestWithinLimit } from "@/server/http/body-limit";

const LIMIT = 8 * 1024;
const CHUNK = 1024;

/** An endless body producer that records how much was pulled from it and whether it was cancelled. */
function endlessBody() {
  const state = { produced: 0, cancelled: false };
  const stream = new ReadableStream<Uint8Array>(
    {
      pull(controller) {
        state.produced += CHUNK;
        controller.enqueue(new Uint8Array(CHUNK).fill(97));
      },
      cancel() {
        state.cancelled = true;
      },
    },
    { highWaterMark: 0 },
  );
  return { stream, state };
}

function post(body: ReadableStream<Uint8Array> | string, headers: Record<string, string> = {}) {
  return new Request("http://localhost/api/x", { method: "POST", body, headers, duplex: "half" } as RequestInit);
}

describe("readBodyWithinLimit", () => {
  it("stops a chunked body without Content-Length as soon as it passes the limit and cancels the producer", async () => {
    const { stream, state } = endlessBody();
    await expect(readBodyWithinLimit(post(stream), LIMIT)).rejects.toThrow(PayloadTooLargeError);
    expect(state.cancelled).toBe(true);
    expect(state.produced).toBeLessThanOrEqual(LIMIT + 2 * CHUNK);
  });

  it("does not trust a Content-Length smaller than the body actually sent", async () => {
    const { stream, state } = endlessBody();
    const lying = post(stream, { "content-length": "10" });
    await expect(readBodyWithinLimit(lying, LIMIT)).rejects.toThrow("Request body is too large (at most 8 KB)");
    expect(state.cancelled).toBe(true);
    expect(state.produced).toBeLessThanOrEqual(LIMIT + 2 * CHUNK);
  });

  it("refuses a declared Content-Length over the limit without reading the body", async () => {
    const { stream, state } = endlessBody();
    const declared = post(stream, { "content-length": String(LIMIT + 1) });
    await expect(readBodyWithinLimit(declared, LIMIT)).rejects.toThrow(PayloadTooLargeError);
    expect(state.produced).toBe(0);
    expect(state.cancelled).toBe(true);
  });

  it("returns a chunked body within the limit byte for byte, up to exactly the limit", async () => {
    const parts = ['{"a":', '"é'.repeat(10), '"}'];
    const chunked = new ReadableStream<Uint8Array>({
      start(controller) {
        for (const part of parts) controller.enqueue(new TextEncoder().encode(part));
        controller.close();
      },
    });
    expect(await readTextWithinLimit(post(chunked), LIMIT)).toBe(parts.join(""));
    const exact = "x".repeat(LIMIT);
    expect(await readTextWithinLimit(post(exact), LIMIT)).toBe(exact);
    await expect(readTextWithinLimit(post(`${exact}y`), LIMIT)).rejects.toThrow(PayloadTooLargeError);
  });

  it("reads a request without a body as empty", async () => {
    expect((await readBodyWithinLimit(new Request("http://localhost/"), LIMIT)).byteLength).toBe(0);
  });
});

describe("requestWithinLimit", () => {
  it("hands on a copy with the same URL, method, headers and body, read within the limit", async () => {
    const original = post("a=1&b=2", { "content-type": "application/x-www-form-urlencoded", cookie: "s=1" });
    const copy = await requestWithinLimit(original, LIMIT);
    expect(copy.url).toBe(original.url);
    expect(copy.method).toBe("POST");
    expect(copy.headers.get("cookie")).toBe("s=1");
    expect(Object.fromEntries(await copy.formData())).toEqual({ a: "1", b: "2" });
  });

  it("refuses an endless body before the copy is made", async () => {
    const { stream, state } = endlessBody();
    await expect(requestWithinLimit(post(stream), LIMIT)).rejects.toThrow(PayloadTooLargeError);
    expect(state.cancelled).toBe(true);
  });
});
