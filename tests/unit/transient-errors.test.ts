import { describe, expect, it } from "vitest";
import { DatabaseTimeoutError, isTransientDatabaseError, transientKindOf } from "@/db/transient-errors";
import { errorResponse } from "@/server/http/errors";

const pgError = (code: string) => Object.assign(new Error(`pg ${code}`), { code });
/** As drizzle reports a failed query: its own error with the driver's as `cause`. */
const wrapped = (cause: unknown) => Object.assign(new Error("Failed query: select 1"), { cause });

describe("transient database errors", () => {
  it.each([
    ["40001", "rolled-back"],
    ["40P01", "rolled-back"],
    ["57014", "timeout"],
    ["57P01", "unavailable"],
    ["57P02", "unavailable"],
    ["57P03", "unavailable"],
    ["53300", "unavailable"],
    ["08006", "connection"],
    ["08001", "connection"],
    ["ECONNREFUSED", "connection"],
    ["ECONNRESET", "connection"],
    ["CONNECTION_CLOSED", "connection"],
    ["CONNECTION_DESTROYED", "connection"],
    ["CONNECT_TIMEOUT", "timeout"],
  ])("classifies %s as %s, also when wrapped by the query builder", (code, kind) => {
    expect(transientKindOf(pgError(code))).toBe(kind);
    expect(transientKindOf(wrapped(wrapped(pgError(code))))).toBe(kind);
  });

  it("classifies the bounded client's own timeout", () => {
    expect(transientKindOf(wrapped(new DatabaseTimeoutError("answer", 5)))).toBe("timeout");
  });

  it.each(["23505", "23503", "42P01", "22P02", "42703"])("leaves %s (a bug or bad data) alone", (code) => {
    expect(isTransientDatabaseError(wrapped(pgError(code)))).toBe(false);
  });

  it("leaves errors without a code alone", () => {
    expect(isTransientDatabaseError(new Error("boom"))).toBe(false);
    expect(isTransientDatabaseError(null)).toBe(false);
    expect(isTransientDatabaseError("ECONNREFUSED")).toBe(false);
  });
});

describe("plain routes answer a transient database error", () => {
  it("with 503, Retry-After and a message that says nothing was lost", async () => {
    const response = errorResponse(wrapped(pgError("57P01")));
    expect(response.status).toBe(503);
    expect(response.headers.get("Retry-After")).toMatch(/^\d+$/);
    const body = (await response.json()) as { error: { code: string; message: string } };
    expect(body.error.code).toBe("SERVICE_UNAVAILABLE");
    expect(body.error.message).toMatch(/temporarily unavailable — nothing was lost, try again/);
  });

  it("and still hide a bug behind a 500 with a reference", async () => {
    const response = errorResponse(wrapped(pgError("42P01")));
    expect(response.status).toBe(500);
    const body = (await response.json()) as { error: { message: string } };
    expect(body.error.message).toMatch(/^Something went wrong \(ref /);
  });
});
