/**
 * Domain errors carry a message written for the person who caused them. One mapping
 * (tRPC middleware, HTTP helper) turns them into status codes; anything else is a bug
 * and reaches the client only as "Something went wrong" with a correlation id.
 */
export class DomainError extends Error {
  constructor(message: string) {
    super(message);
    this.name = new.target.name;
  }
}

export class NotFoundError extends DomainError {}
export class ConflictError extends DomainError {}
export class InvalidInputError extends DomainError {}
export class UnauthorizedError extends DomainError {}
export class ForbiddenError extends DomainError {}
export class PayloadTooLargeError extends DomainError {}
export class OverloadedError extends DomainError {}

/** Over a rate limit: the client may try again after `retryAfterSeconds`. */
export class RateLimitedError extends OverloadedError {
  constructor(
    message: string,
    readonly retryAfterSeconds: number,
  ) {
    super(message);
  }
}

export type ErrorKind =
  | "NOT_FOUND"
  | "CONFLICT"
  | "BAD_REQUEST"
  | "UNAUTHORIZED"
  | "FORBIDDEN"
  | "PAYLOAD_TOO_LARGE"
  | "TOO_MANY_REQUESTS"
  | "INTERNAL_SERVER_ERROR";

export const HTTP_STATUS: Record<ErrorKind, number> = {
  NOT_FOUND: 404,
  CONFLICT: 409,
  BAD_REQUEST: 400,
  UNAUTHORIZED: 401,
  FORBIDDEN: 403,
  PAYLOAD_TOO_LARGE: 413,
  TOO_MANY_REQUESTS: 429,
  INTERNAL_SERVER_ERROR: 500,
};

export function errorKind(error: unknown): ErrorKind {
  if (error instanceof NotFoundError) return "NOT_FOUND";
  if (error instanceof ConflictError) return "CONFLICT";
  if (error instanceof InvalidInputError) return "BAD_REQUEST";
  if (error instanceof UnauthorizedError) return "UNAUTHORIZED";
  if (error instanceof ForbiddenError) return "FORBIDDEN";
  if (error instanceof PayloadTooLargeError) return "PAYLOAD_TOO_LARGE";
  if (error instanceof OverloadedError) return "TOO_MANY_REQUESTS";
  return "INTERNAL_SERVER_ERROR";
}
