import type { ErrorCode } from "./types.js";

/** The API refused a call; `message` is written for a person and safe to show. */
export class SwitchboardApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: ErrorCode | "NETWORK_ERROR",
    message: string,
    /** Seconds the server asked to wait (429, 503). */
    readonly retryAfterSeconds: number | null = null,
  ) {
    super(message);
    this.name = "SwitchboardApiError";
  }

  /** Worth another attempt: the network, an overloaded or briefly unavailable server. */
  get retryable(): boolean {
    return (
      this.code === "NETWORK_ERROR" ||
      this.status === 429 ||
      this.status === 502 ||
      this.status === 503 ||
      this.status === 504
    );
  }
}
