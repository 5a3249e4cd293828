import { initTRPC, TRPCError } from "@trpc/server";
import superjson from "superjson";
import { ZodError } from "zod";
import { hasRole, type AgentActor } from "@/server/actor";
import { DomainError, errorKind } from "@/server/errors";
import { metrics } from "@/server/metrics";
import type { Runtime } from "@/server/runtime";

export type TrpcContext = {
  runtime: Runtime;
  agent: (AgentActor & { name: string; email: string }) | null;
  requestId: string;
  /** Who is asking, for per-address abuse limits on anonymous entry points. */
  clientAddress: string;
};

const t = initTRPC.context<TrpcContext>().create({
  transformer: superjson,
  errorFormatter({ shape, error }) {
    const zodError = error.cause instanceof ZodError ? error.cause : null;
    return {
      ...shape,
      message: zodError ? (zodError.issues[0]?.message ?? "Invalid input") : shape.message,
      data: {
        code: shape.data.code,
        httpStatus: shape.data.httpStatus,
        path: shape.data.path,
        fieldErrors: zodError
          ? zodError.issues.map((issue) => ({ path: issue.path.join("."), message: issue.message }))
          : undefined,
      },
    };
  },
});

/**
 * The single translation from domain errors to tRPC errors. Unknown errors are logged
 * with a correlation id and reach the client only as a generic message carrying that id.
 */
const mapErrors = t.middleware(async ({ ctx, next, path, type }) => {
  const stopTimer = metrics().procedureDuration.startTimer({ path, type });
  const result = await next();
  const failedOnUs =
    !result.ok && result.error.code === "INTERNAL_SERVER_ERROR" && !(result.error.cause instanceof DomainError);
  stopTimer({ outcome: result.ok ? "ok" : failedOnUs ? "error" : "rejected" });
  if (result.ok) return result;
  const error = result.error;
  const cause = error.cause;
  if (cause instanceof DomainError) {
    throw new TRPCError({ code: errorKind(cause), message: cause.message, cause });
  }
  if (error.code === "INTERNAL_SERVER_ERROR") {
    ctx.runtime.log.error({ err: cause ?? error, path, requestId: ctx.requestId }, "procedure failed");
    throw new TRPCError({ code: "INTERNAL_SERVER_ERROR", message: `Something went wrong (ref ${ctx.requestId})` });
  }
  return result;
});

export const createTRPCRouter = t.router;
export const createCallerFactory = t.createCallerFactory;

export const publicProcedure = t.procedure.use(mapErrors);

/** Widget visitors: no session; their visitor token travels in the input and is verified by the service. */
export const widgetProcedure = publicProcedure;

export const agentProcedure = publicProcedure.use(({ ctx, next }) => {
  if (!ctx.agent) throw new TRPCError({ code: "UNAUTHORIZED", message: "Please sign in" });
  return next({ ctx: { ...ctx, agent: ctx.agent } });
});

export const supervisorProcedure = agentProcedure.use(({ ctx, next }) => {
  if (!hasRole(ctx.agent, "supervisor")) throw new TRPCError({ code: "FORBIDDEN", message: "Supervisors only" });
  return next();
});

export const adminProcedure = agentProcedure.use(({ ctx, next }) => {
  if (!hasRole(ctx.agent, "admin")) throw new TRPCError({ code: "FORBIDDEN", message: "Admins only" });
  return next();
});
