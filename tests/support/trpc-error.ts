import { getTRPCErrorShape, TRPCError } from "@trpc/server";
import { expect } from "vitest";
import { appRouter } from "@/server/trpc/root";

export type ClientError = {
  code: string;
  httpStatus: number;
  message: string;
  data: Record<string, unknown>;
};

/**
 * Awaits a call that must fail and returns the error as an HTTP client receives it: the
 * router's own error formatter is applied, exactly as the fetch adapter would.
 */
export async function rejectionOf(call: Promise<unknown>): Promise<ClientError> {
  try {
    await call;
  } catch (error) {
    if (!(error instanceof TRPCError)) throw error;
    const shape = getTRPCErrorShape({
      config: appRouter._def._config,
      error,
      type: "unknown",
      path: undefined,
      input: undefined,
      ctx: undefined,
    }) as { message: string; data: { code: string; httpStatus: number } & Record<string, unknown> };
    return { code: shape.data.code, httpStatus: shape.data.httpStatus, message: shape.message, data: shape.data };
  }
  throw new Error("Expected the call to fail, but it succeeded");
}

/** A message meant for a person: short, one line, no serialized issues, no stack trace. */
export function expectHumanMessage(error: ClientError): void {
  expect(error.message.trim().length).toBeGreaterThan(3);
  expect(error.message.length).toBeLessThan(200);
  expect(error.message).not.toMatch(/\n|\bat .+:\d+:\d+|^\s*[[{]|ZodError|TRPCError|Error:/);
  expect(error.data).not.toHaveProperty("stack");
}

/** Fails with the given tRPC code and a human message (optionally matching `message`). */
export async function expectFailure(
  call: Promise<unknown>,
  code: string,
  message?: string | RegExp,
): Promise<ClientError> {
  const error = await rejectionOf(call);
  expect(error.code, `message was: ${error.message}`).toBe(code);
  expectHumanMessage(error);
  if (typeof message === "string") expect(error.message).toBe(message);
  else if (message) expect(error.message).toMatch(message);
  return error;
}
