import { Writable } from "node:stream";
import NextAuth from "next-auth";
import pino from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { authOptions } from "@/server/auth/options";
import { env } from "@/server/env";
import { trustedOrigin } from "@/server/http/trusted-origin";

const registry = globalThis as typeof globalThis & { __switchboardLogger?: pino.Logger };
const lines: string[] = [];
let previousLogger: pino.Logger | undefined;

beforeAll(() => {
  previousLogger = registry.__switchboardLogger;
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(...chunk.toString().split("\n").filter(Boolean));
      done();
    },
  });
  registry.__switchboardLogger = pino({ level: "info" }, sink);
});
afterAll(() => {
  registry.__switchboardLogger = previousLogger;
});

type Answer = { status: number; headers: Record<string, unknown>; body: unknown };

/** Runs a request through next-auth's own handler (its API-route form takes plain request/response objects). */
async function handle(request: {
  action: string;
  method: string;
  body?: Record<string, string>;
  cookies?: Record<string, string>;
}): Promise<Answer> {
  const answer: Answer = { status: 200, headers: {}, body: undefined };
  const res = {
    status(code: number) {
      answer.status = code;
      return res;
    },
    setHeader(name: string, value: unknown) {
      answer.headers[name.toLowerCase()] = value;
      return res;
    },
    getHeader: (name: string) => answer.headers[name.toLowerCase()],
    end: () => res,
    json: (body: unknown) => ((answer.body = body), res),
    send: (body: unknown) => ((answer.body = body), res),
  };
  const req = {
    query: { nextauth: [request.action] },
    method: request.method,
    body: request.body ?? {},
    cookies: request.cookies ?? {},
    headers: { host: "localhost:3000" },
  };
  await NextAuth(req as never, res as never, { ...authOptions(), secret: "s".repeat(32) });
  return answer;
}

describe("next-auth configuration", () => {
  const home = `${trustedOrigin(env())}/`;

  it("redirects only to our own origin", async () => {
    const redirect = authOptions().callbacks!.redirect!;
    const baseUrl = "https://evil.example"; // whatever next-auth derived, our origin wins
    expect(await redirect({ url: "/inbox", baseUrl })).toBe(`${trustedOrigin(env())}/inbox`);
    for (const url of ["https://evil.example/", "//evil.example", "http://[", "%"]) {
      expect(await redirect({ url, baseUrl }), url).toBe(home);
    }
  });

  it("survives a malformed callbackUrl in a sign-out body instead of throwing Invalid URL", async () => {
    const response = await handle({ action: "signout", method: "POST", body: { callbackUrl: "http://[" } });
    expect(response.status).toBeLessThan(500);
  });

  it("logs a forged session cookie as one warn line without a stack trace", async () => {
    lines.length = 0;
    const response = await handle({
      action: "session",
      method: "GET",
      cookies: { "next-auth.session-token": "forged.garbage.value" },
    });
    expect(response.status).toBe(200);
    expect(response.body).toEqual({});
    const sessionLines = lines.filter((line) => line.includes("JWT_SESSION_ERROR"));
    expect(sessionLines).toHaveLength(1);
    const entry = JSON.parse(sessionLines[0]!) as { level: number; msg: string };
    expect(entry.level).toBe(pino.levels.values.warn);
    expect(sessionLines[0]).not.toMatch(/stack|at .*\(/);
  });
});
