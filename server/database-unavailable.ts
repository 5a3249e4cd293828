import { transientKindOf } from "@/db/transient-errors";
import { ServiceUnavailableError } from "./errors";
import { logger } from "./logger";
import { metrics } from "./metrics";

/**
 * A transient database failure becomes a 503 the client may retry, logged as a warning and
 * counted apart from bugs. Returns null for anything else, which stays a 500.
 */
export function asServiceUnavailable(
  error: unknown,
  where: Record<string, unknown> = {},
): ServiceUnavailableError | null {
  const kind = transientKindOf(error);
  if (!kind) return null;
  metrics().databaseUnavailable.inc({ kind });
  logger().warn({ kind, reason: rootMessage(error), ...where }, "database temporarily unavailable");
  return new ServiceUnavailableError();
}

/** For `ServiceContext.onTransientRetry`. */
export function noteTransactionRetry(error: unknown): void {
  metrics().transactionRetries.inc();
  logger().warn(
    { kind: transientKindOf(error), reason: rootMessage(error) },
    "retrying a transaction after a transient database failure",
  );
}

/** The driver's own words (drizzle wraps them with the whole query text, which a warning does not need). */
function rootMessage(error: unknown): string {
  let current = error;
  while (typeof current === "object" && current !== null && "cause" in current && current.cause)
    current = current.cause;
  return current instanceof Error ? current.message : String(current);
}
