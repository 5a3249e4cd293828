export const HttpStatus = {
  Ok: 200,
  BadRequest: 400,
  Unauthorized: 401,
  NotFound: 404,
  MethodNotAllowed: 405,
  PayloadTooLarge: 413,
  InternalServerError: 500,
  ServiceUnavailable: 503,
} as const;
export type HttpStatus = (typeof HttpStatus)[keyof typeof HttpStatus];

/** What an HTTP API action answers; the router turns it into a JSON response. */
export type HttpApiResult = { status: HttpStatus; body: unknown };

export function apiError(status: HttpStatus, message: string): HttpApiResult {
  return { status, body: { error: message } };
}
