import type { TRPCError } from "@trpc/server";
import { MAX_TRPC_BATCH_SIZE } from "./limits";

/**
 * Fixed, human messages for errors raised by tRPC itself or by the runtime (parse failures,
 * unknown paths, a stack overflow...): their own text names internals and never reaches clients.
 */
export function fixedClientMessage(error: TRPCError, requestId: string | undefined): string {
  switch (error.code) {
    case "PARSE_ERROR":
      return "The request is not valid JSON";
    case "BAD_REQUEST":
      // tRPC's only signal for this limit is its message
      if (error.message.startsWith("Batch call exceeds maximum size")) {
        return `Too many calls in one request (at most ${MAX_TRPC_BATCH_SIZE})`;
      }
      // e.g. superjson metadata it cannot apply (which can even overflow the stack)
      return "The request could not be read";
    case "NOT_FOUND":
      return "This API call does not exist";
    case "METHOD_NOT_SUPPORTED":
      return "This API call does not accept this HTTP method";
    case "UNSUPPORTED_MEDIA_TYPE":
      return "Send the request as JSON (Content-Type: application/json)";
    case "PAYLOAD_TOO_LARGE":
      return "Request body is too large";
    case "INTERNAL_SERVER_ERROR":
      return requestId ? `Something went wrong (ref ${requestId})` : "Something went wrong";
    default:
      return "The request was refused";
  }
}
