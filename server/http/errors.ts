import { DomainError, errorKind, HTTP_STATUS } from "@/server/errors";
import { logger } from "@/server/logger";
import { newRequestId } from "@/server/ids";

/** The HTTP twin of the tRPC error middleware: domain errors speak, anything else is hidden. */
export function errorResponse(error: unknown): Response {
  if (error instanceof DomainError) {
    return Response.json(
      { error: { code: errorKind(error), message: error.message } },
      { status: HTTP_STATUS[errorKind(error)] },
    );
  }
  const ref = newRequestId();
  logger().error({ err: error, ref }, "request failed");
  return Response.json(
    { error: { code: "INTERNAL_SERVER_ERROR", message: `Something went wrong (ref ${ref})` } },
    { status: 500 },
  );
}
