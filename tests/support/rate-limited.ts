import { expect } from "vitest";
import { RateLimitedError } from "@/server/errors";

/** Awaits a call that a rate limit must refuse, and returns the refusal. */
export async function rateLimited(call: Promise<unknown>): Promise<RateLimitedError> {
  const error = await call.then(
    () => null,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(RateLimitedError);
  return error as RateLimitedError;
}
