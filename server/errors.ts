/**
 * Domain errors carry a message written for the person who caused them. One mapping
 * (tRPC middleware, HTTP helper) turns them into status codes; anything else is a bug
 * and reaches the client only as "Something went wrong" with a correlation id.
 *
 * They are recognised by a registry symbol, not `instanceof`: the custom server and the
 * Next.js bundles load this module separately, and an error may cross from one to the other.
 */
const DOMAIN_ERROR = Symbol.for("switchboard.domain-error");

export type ErrorKind =
  | "NOT_FOUND"
  | "CONFLICT"
  | "BAD_REQUEST"
  | "UNAUTHORIZED"
  | "FORBIDDEN"
  | "PAYLOAD_TOO_LARGE"
  | "TOO_MANY_REQUESTS"
  | "SERVICE_UNAVAILABLE"
  | "INTERNAL_SERVER_ERROR";

export abstract class DomainError extends Error {
  abstract readonly kind: ErrorKind;
  readonly [DOMAIN_ERROR] = true;

  constructor(message: string) {
    super(message);
    this.name = new.target.name;
  }
}

export class NotFoundError extends DomainError {
  readonly kind = "NOT_FOUND";
}
export class ConflictError extends DomainError {
  readonly kind = "CONFLICT";
}
export class InvalidInputError extends DomainError {
  readonly kind = "BAD_REQUEST";
}
export class UnauthorizedError extends DomainError {
  readonly kind = "UNAUTHORIZED";
}
export class ForbiddenError extends DomainError {
  readonly kind = "FORBIDDEN";
}
export class PayloadTooLargeError extends DomainError {
  readonly kind = "PAYLOAD_TOO_LARGE";
}
export class OverloadedError extends DomainError {
  readonly kind = "TOO_MANY_REQUESTS";
}

/** Over a rate limit: the client may try again after `retryAfterSeconds`. */
export class RateLimitedError extends OverloadedError {
  constructor(
    message: string,
    readonly retryAfterSeconds: number,
  ) {
    super(message);
  }
}

/** A dependency (the database) is briefly unreachable; the request did nothing and may be repeated. */
export class ServiceUnavailableError extends DomainError {
  readonly kind = "SERVICE_UNAVAILABLE";
  constructor(
    message = "Switchboard is temporarily unavailable — nothing was lost, try again",
    readonly retryAfterSeconds = 2,
  ) {
    super(message);
  }
}

export const HTTP_STATUS: Record<ErrorKind, number> = {
  NOT_FOUND: 404,
  CONFLICT: 409,
  BAD_REQUEST: 400,
  UNAUTHORIZED: 401,
  FORBIDDEN: 403,
  PAYLOAD_TOO_LARGE: 413,
  TOO_MANY_REQUESTS: 429,
  SERVICE_UNAVAILABLE: 503,
  INTERNAL_SERVER_ERROR: 500,
};

export function isDomainError(error: unknown): error is DomainError {
  return typeof error === "object" && error !== null && (error as { [DOMAIN_ERROR]?: boolean })[DOMAIN_ERROR] === true;
}

export function errorKind(error: unknown): ErrorKind {
  return isDomainError(error) ? error.kind : "INTERNAL_SERVER_ERROR";
}

/** Seconds a refused client should wait before retrying, when the error says so. */
export function retryAfterOf(error: unknown): number | null {
  if (!isDomainError(error)) return null;
  const seconds = (error as { retryAfterSeconds?: unknown }).retryAfterSeconds;
  return typeof seconds === "number" ? seconds : null;
}
