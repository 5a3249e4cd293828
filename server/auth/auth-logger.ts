import type { LoggerInstance } from "next-auth";
import { logger } from "@/server/logger";

// Caused by what a client sent (a forged, expired or foreign session cookie): worth one line, not a stack.
const CLIENT_CAUSED = new Set(["JWT_SESSION_ERROR", "INVALID_CALLBACK_URL_ERROR"]);

function messageOf(metadata: unknown): string {
  if (metadata instanceof Error) return metadata.message;
  if (metadata && typeof metadata === "object" && "message" in metadata) return String(metadata.message);
  return "";
}

/** next-auth's logger, routed to pino: client-caused errors become one warn line without a stack. */
export function authLogger(): Partial<LoggerInstance> {
  return {
    error(code, metadata) {
      const log = logger().child({ module: "auth" });
      if (CLIENT_CAUSED.has(code)) log.warn({ code, reason: messageOf(metadata) }, "rejected an invalid auth request");
      else log.error({ code, err: metadata }, "auth error");
    },
    warn(code) {
      logger().child({ module: "auth" }).warn({ code }, "auth configuration warning");
    },
    debug() {},
  };
}
