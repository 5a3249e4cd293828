const KINDS = Symbol.for("switchboard.domain-error-kinds");

/**
 * Domain errors carry a message written for the person who caused them. One mapping
 * (tRPC middleware, HTTP helper) turns them into status codes; anything else is a bug
 * and reaches the client only as "Something went wrong" with a correlation id.
 */
export class DomainError extends Error {
  /** Stable kind names (class names are minified in Next's bundle). */
  static readonly kind: string = "domain";

  constructor(message: string) {
    super(message);
    this.name = new.target.name;
    const kinds: string[] = [];
    for (let type: typeof DomainError = new.target; type.kind; type = Object.getPrototypeOf(type)) {
      kinds.push(type.kind);
    }
    Object.defineProperty(this, KINDS, { value: kinds });
  }

  // The custom server and Next's bundle each load this module (e.g. the shared runtime's rate
  // limits throw the server's copy), so instanceof matches the kinds an error was built with.
  static [Symbol.hasInstance](value: unknown): boolean {
    const kinds = typeof value === "object" && value !== null ? (value as { [KINDS]?: unknown })[KINDS] : undefined;
    return Array.isArray(kinds) && kinds.includes(this.kind);
  }
}

export class NotFoundError extends DomainError {
  static override readonly kind: string = "not-found";
}
export class ConflictError extends DomainError {
  static override readonly kind: string = "conflict";
}
export class InvalidInputError extends DomainError {
  static override readonly kind: string = "invalid-input";
}
export class UnauthorizedError extends DomainError {
  static override readonly kind: string = "unauthorized";
}
export class ForbiddenError extends DomainError {
  static override readonly kind: string = "forbidden";
}
export class PayloadTooLargeError extends DomainError {
  static override readonly kind: string = "payload-too-large";
}
export class OverloadedError extends DomainError {
  static override readonly kind: string = "overloaded";
}

/** Over a rate limit: the client may try again after `retryAfterSeconds`. */
export class RateLimitedError extends OverloadedError {
  static override readonly kind: string = "rate-limited";

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
