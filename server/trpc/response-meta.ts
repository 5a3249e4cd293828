import type { TRPCError } from "@trpc/server";
import { retryAfterOf } from "@/server/errors";

/** Response headers derived from a call's errors: a rate-limited call says when to retry. */
export function responseMeta({ errors }: { errors: TRPCError[] }): { headers?: Headers } {
  const retryAfter = errors
    .map((error) => retryAfterOf(error.cause) ?? 0)
    .reduce((longest, seconds) => Math.max(longest, seconds), 0);
  return retryAfter > 0 ? { headers: new Headers({ "Retry-After": String(retryAfter) }) } : {};
}
