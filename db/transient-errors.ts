/**
 * The one classification of database failures that are the database's state, not a bug:
 * the client may try again later and nothing it had acknowledged is lost.
 */

/** SQLSTATE classes and codes (PostgreSQL appendix A) that mean "not now" rather than "never". */
const TRANSIENT_SQLSTATES = new Set([
  "40001", // serialization_failure
  "40P01", // deadlock_detected
  "57014", // query_canceled: statement timeout, or a bounded wait for a pooled connection
  "57P01", // admin_shutdown
  "57P02", // crash_shutdown
  "57P03", // cannot_connect_now (starting up or shutting down)
  "53300", // too_many_connections
]);
/** Codes the server rolled back itself, so the whole transaction may run again. */
const ROLLED_BACK_SQLSTATES = new Set(["40001", "40P01"]);

/** Socket and driver codes (Node, postgres.js and this app's bounded client) for a lost or unreachable server. */
const CONNECTION_CODES = new Set([
  "ECONNREFUSED",
  "ECONNRESET",
  "EPIPE",
  "ETIMEDOUT",
  "EHOSTUNREACH",
  "ENETUNREACH",
  "EAI_AGAIN",
  "CONNECT_TIMEOUT",
  "CONNECTION_CLOSED",
  "CONNECTION_ENDED",
  "CONNECTION_DESTROYED",
  "DATABASE_TIMEOUT",
]);

export type TransientKind = "connection" | "timeout" | "rolled-back" | "unavailable";

function codeOf(error: unknown): string | null {
  if (typeof error !== "object" || error === null) return null;
  const code = (error as { code?: unknown }).code;
  return typeof code === "string" ? code : null;
}

/** Drizzle, tRPC and our own wrappers keep the driver's error as `cause`; look a few levels down. */
function* causeChain(error: unknown): Generator<unknown> {
  let current = error;
  for (let depth = 0; depth < 6 && current; depth++) {
    yield current;
    current = typeof current === "object" ? (current as { cause?: unknown }).cause : undefined;
  }
}

export function transientKindOf(error: unknown): TransientKind | null {
  for (const link of causeChain(error)) {
    const code = codeOf(link);
    if (!code) continue;
    if (ROLLED_BACK_SQLSTATES.has(code)) return "rolled-back";
    if (code === "57014" || code === "DATABASE_TIMEOUT" || code === "CONNECT_TIMEOUT") return "timeout";
    if (code.startsWith("08") || CONNECTION_CODES.has(code)) return "connection";
    if (TRANSIENT_SQLSTATES.has(code)) return "unavailable";
  }
  return null;
}

export function isTransientDatabaseError(error: unknown): boolean {
  return transientKindOf(error) !== null;
}

/** Raised by the bounded client when the database does not answer in time. */
export class DatabaseTimeoutError extends Error {
  readonly code = "DATABASE_TIMEOUT";
  constructor(what: string, seconds: number) {
    super(`database did not ${what} within ${seconds}s`);
  }
}

/** The first SQLSTATE found along the cause chain, if the error came from the database. */
export function sqlStateOf(error: unknown): string | null {
  for (const link of causeChain(error)) {
    const code = codeOf(link);
    if (code && /^[0-9A-Z]{5}$/.test(code)) return code;
  }
  return null;
}

/** A unique index refused the row: the thing already exists (a name taken, a race lost). */
export const isUniqueViolation = (error: unknown) => sqlStateOf(error) === "23505";
