import { describe, expect, it, vi } from "vitest";

type ErrorsModule = typeof import("@/server/errors");

/** A second, independent copy of the module, as Next's bundle has beside the custom server's. */
async function freshCopy(): Promise<ErrorsModule> {
  vi.resetModules();
  return import("@/server/errors");
}

describe("domain errors across module copies", () => {
  it("are recognised by their registry mark and kind, not by class identity, and map to their status", async () => {
    const server = await freshCopy();
    const bundle = await freshCopy();
    expect(server.RateLimitedError).not.toBe(bundle.RateLimitedError);

    const limited = new server.RateLimitedError("Too many", 30);
    expect(bundle.isDomainError(limited)).toBe(true);
    expect(bundle.errorKind(limited)).toBe("TOO_MANY_REQUESTS");
    expect(bundle.HTTP_STATUS[bundle.errorKind(limited)]).toBe(429);
    expect(bundle.retryAfterOf(limited)).toBe(30);

    expect(bundle.retryAfterOf(new server.OverloadedError("Busy"))).toBeNull();
    expect(bundle.errorKind(new server.NotFoundError("Gone"))).toBe("NOT_FOUND");
    expect(bundle.errorKind(new server.ForbiddenError("No"))).toBe("FORBIDDEN");
    expect(bundle.errorKind(new server.PayloadTooLargeError("Big"))).toBe("PAYLOAD_TOO_LARGE");
    expect(bundle.errorKind(new Error("boom"))).toBe("INTERNAL_SERVER_ERROR");
    expect(bundle.isDomainError({ message: "look-alike", kind: "NOT_FOUND" })).toBe(false);
    expect(bundle.retryAfterOf({ retryAfterSeconds: 5 })).toBeNull();
  });
});
