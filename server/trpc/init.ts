import { initTRPC, TRPCError } from "@trpc/server";
import superjson from "superjson";
import { ZodError, type core } from "zod";
import { hasRole, type AgentActor } from "@/server/actor";
import { isTransientDatabaseError } from "@/db/transient-errors";
import { asServiceUnavailable } from "@/server/database-unavailable";
import { errorKind, isDomainError } from "@/server/errors";
import { metrics } from "@/server/metrics";
import type { Runtime } from "@/server/runtime";
import { fixedClientMessage } from "./error-messages";

export type TrpcContext = {
  runtime: Runtime;
  agent: (AgentActor & { name: string; email: string; sessionId?: string }) | null;
  requestId: string;
  /** Who is asking, for per-address abuse limits on anonymous entry points. */
  clientAddress: string;
};

/** Errors whose message was written for the client (domain errors, sign-in and role checks). */
const publicErrors = new WeakSet<TRPCError>();

function publicError(code: TRPCError["code"], message: string, cause?: unknown): TRPCError {
  const error = new TRPCError({ code, message, cause });
  publicErrors.add(error);
  return error;
}

export const isPublicError = (error: TRPCError) => publicErrors.has(error);

const FIELD_NAME_LIMIT = 60;

/** The one translation of zod issues into messages for people. */
function issueMessage(issue: core.$ZodIssue): string {
  if (issue.code === "unrecognized_keys") {
    const names = issue.keys.map((key) => JSON.stringify([...issue.path, key].join(".").slice(0, FIELD_NAME_LIMIT)));
    return `Unknown field${names.length > 1 ? "s" : ""} ${names.slice(0, 3).join(", ")}`;
  }
  return issue.message;
}

const t = initTRPC.context<TrpcContext>().create({
  transformer: superjson,
  errorFormatter({ shape, error, ctx }) {
    const zodError = error.cause instanceof ZodError ? error.cause : null;
    const message = zodError
      ? zodError.issues[0]
        ? issueMessage(zodError.issues[0])
        : "Invalid input"
      : publicErrors.has(error) || isDomainError(error.cause)
        ? error.message
        : fixedClientMessage(error, ctx?.requestId);
    return {
      ...shape,
      message,
      data: {
        code: shape.data.code,
        httpStatus: shape.data.httpStatus,
        path: shape.data.path,
        fieldErrors: zodError
          ? zodError.issues.map((issue) => ({ path: issue.path.join("."), message: issueMessage(issue) }))
          : undefined,
      },
    };
  },
});

/**
 * The single translation from domain errors to tRPC errors. A transient database failure is a
 * 503 to retry; unknown errors are logged with a correlation id and reach the client only as a
 * generic message carrying that id.
 */
const mapErrors = t.middleware(async ({ ctx, next, path, type }) => {
  const stopTimer = metrics().procedureDuration.startTimer({ path, type });
  const result = await next();
  const unavailable = !result.ok && isTransientDatabaseError(result.error.cause);
  const failedOnUs =
    !result.ok && !unavailable && result.error.code === "INTERNAL_SERVER_ERROR" && !isDomainError(result.error.cause);
  stopTimer({ outcome: result.ok ? "ok" : unavailable ? "unavailable" : failedOnUs ? "error" : "rejected" });
  if (result.ok) return result;
  const error = result.error;
  const serviceUnavailable = asServiceUnavailable(error.cause, { path, requestId: ctx.requestId });
  const cause = serviceUnavailable ?? error.cause;
  if (isDomainError(cause)) {
    throw publicError(errorKind(cause), cause.message, cause);
  }
  if (error.code === "INTERNAL_SERVER_ERROR") {
    ctx.runtime.log.error({ err: cause ?? error, path, requestId: ctx.requestId }, "procedure failed");
    throw publicError("INTERNAL_SERVER_ERROR", `Something went wrong (ref ${ctx.requestId})`);
  }
  return result;
});

export const createTRPCRouter = t.router;
export const createCallerFactory = t.createCallerFactory;

export const publicProcedure = t.procedure.use(mapErrors);

/** Widget visitors: no session; their visitor token travels in the input and is verified by the service. */
export const widgetProcedure = publicProcedure;

export const agentProcedure = publicProcedure.use(({ ctx, next }) => {
  if (!ctx.agent) throw publicError("UNAUTHORIZED", "Please sign in");
  return next({ ctx: { ...ctx, agent: ctx.agent } });
});

export const supervisorProcedure = agentProcedure.use(({ ctx, next }) => {
  if (!hasRole(ctx.agent, "supervisor")) throw publicError("FORBIDDEN", "Supervisors only");
  return next();
});

export const adminProcedure = agentProcedure.use(({ ctx, next }) => {
  if (!hasRole(ctx.agent, "admin")) throw publicError("FORBIDDEN", "Admins only");
  return next();
});

/** Context is built before any middleware runs; a database outage there is a 503 too, not a 500. */
export async function buildContextOrUnavailable<T>(build: () => Promise<T>): Promise<T> {
  try {
    return await build();
  } catch (error) {
    const unavailable = asServiceUnavailable(error, { during: "context" });
    if (!unavailable) throw error;
    throw new TRPCError({ code: unavailable.kind, message: unavailable.message, cause: unavailable });
  }
}
