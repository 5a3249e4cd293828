import { errorKind, HTTP_STATUS, isDomainError, retryAfterOf } from "@/server/errors";
import { asServiceUnavailable } from "@/server/database-unavailable";
import { logger } from "@/server/logger";
import { newRequestId } from "@/server/ids";

/** The HTTP twin of the tRPC error middleware: domain errors speak, anything else is hidden. */
export function errorResponse(thrown: unknown): Response {
  const error = asServiceUnavailable(thrown) ?? thrown;
  if (isDomainError(error)) {
    const retryAfter = retryAfterOf(error);
    return Response.json(
      { error: { code: errorKind(error), message: error.message } },
      {
        status: HTTP_STATUS[errorKind(error)],
        headers: retryAfter === null ? undefined : { "Retry-After": String(retryAfter) },
      },
    );
  }
  const ref = newRequestId();
  logger().error({ err: error, ref }, "request failed");
  return Response.json(
    { error: { code: "INTERNAL_SERVER_ERROR", message: `Something went wrong (ref ${ref})` } },
    { status: 500 },
  );
}
