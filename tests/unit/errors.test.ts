import { describe, expect, it, vi } from "vitest";

type ErrorsModule = typeof import("@/server/errors");

/** A second, independent copy of the module, as Next's bundle has beside the custom server's. */
async function freshCopy(): Promise<ErrorsModule> {
  vi.resetModules();
  return import("@/server/errors");
}

describe("domain errors across module copies", () => {
  it("are recognised by kind, not by class identity, and map to their status", async () => {
    const server = await freshCopy();
    const bundle = await freshCopy();
    expect(server.RateLimitedError).not.toBe(bundle.RateLimitedError);

    const limited = new server.RateLimitedError("Too many", 30);
    expect(limited).toBeInstanceOf(bundle.RateLimitedError);
    expect(limited).toBeInstanceOf(bundle.OverloadedError);
    expect(limited).toBeInstanceOf(bundle.DomainError);
    expect(limited).toBeInstanceOf(Error);
    expect(limited).not.toBeInstanceOf(bundle.ForbiddenError);
    expect(bundle.errorKind(limited)).toBe("TOO_MANY_REQUESTS");

    const overloaded = new server.OverloadedError("Busy");
    expect(overloaded).not.toBeInstanceOf(bundle.RateLimitedError);
    expect(bundle.errorKind(new server.NotFoundError("Gone"))).toBe("NOT_FOUND");
    expect(bundle.errorKind(new server.ForbiddenError("No"))).toBe("FORBIDDEN");
    expect(bundle.errorKind(new Error("boom"))).toBe("INTERNAL_SERVER_ERROR");
    expect(bundle.errorKind({ message: "look-alike" })).toBe("INTERNAL_SERVER_ERROR");
  });
});
