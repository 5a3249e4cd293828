import { describe, expect, it } from "vitest";
import { InvalidEnvironmentError, parseEnv } from "@/server/env";

/** The thrown message, which is what an operator reads when the server refuses to start. */
function failureOf(source: Record<string, string | undefined>): string {
  try {
    parseEnv(source);
  } catch (error) {
    expect(error).toBeInstanceOf(InvalidEnvironmentError);
    return (error as Error).message;
  }
  throw new Error("Expected parseEnv to reject the environment");
}

const PUSHER_KEYS = { PUSHER_APP_ID: "app-1", PUSHER_KEY: "key-1", PUSHER_SECRET: "secret-1" };

describe("parseEnv", () => {
  it("applies defaults to an empty environment and leaves optional integrations unset", () => {
    const env = parseEnv({});
    expect(env).toMatchObject({
      NODE_ENV: "development",
      PORT: 3000,
      HOST: "0.0.0.0",
      DATA_DIR: "./.data",
      LOG_LEVEL: "info",
      SEED_DEMO: "true",
      PUSHER_CLUSTER: "mt1",
    });
    for (const key of [
      "DATABASE_URL",
      "AUTH_SECRET",
      "PUBLIC_URL",
      "PUSHER_HOST",
      "PUSHER_KEY",
      "PUSHER_PORT",
    ] as const) {
      expect(env[key], key).toBeUndefined();
    }
  });

  it("treats empty strings as unset, as an .env file with `PORT=` would produce", () => {
    const env = parseEnv({ PORT: "", DATABASE_URL: "", LOG_LEVEL: "" });
    expect(env).toMatchObject({ PORT: 3000, LOG_LEVEL: "info" });
    expect(env.DATABASE_URL).toBeUndefined();
  });

  it("coerces numeric values and keeps valid settings", () => {
    const env = parseEnv({
      PORT: "8080",
      DATABASE_URL: "postgresql://app:pw@db.internal:5432/switchboard",
      AUTH_SECRET: "x".repeat(32),
      PUSHER_PORT: "6001",
      NODE_ENV: "production",
    });
    expect(env).toMatchObject({ PORT: 8080, PUSHER_PORT: 6001, NODE_ENV: "production" });
    expect(env.DATABASE_URL).toBe("postgresql://app:pw@db.internal:5432/switchboard");
    expect(parseEnv({ DATABASE_URL: "postgres://localhost/db" }).DATABASE_URL).toBe("postgres://localhost/db");
  });

  it("names PORT when it is not a valid port", () => {
    for (const port of ["abc", "0", "70000", "80.5", "-1"]) {
      const message = failureOf({ PORT: port });
      expect(message, port).toMatch(/^Invalid environment configuration:\n {2}PORT: /);
    }
  });

  it("explains what a DATABASE_URL must look like", () => {
    for (const url of ["mysql://root@localhost/db", "localhost:5432", "file:./dev.db"]) {
      expect(failureOf({ DATABASE_URL: url })).toContain("DATABASE_URL: must be a postgres:// or postgresql:// URL");
    }
  });

  it("refuses PUSHER_HOST without the keys to talk to it, and accepts it with them", () => {
    const expected = "PUSHER_HOST is set, so PUSHER_APP_ID, PUSHER_KEY and PUSHER_SECRET are required too";
    expect(failureOf({ PUSHER_HOST: "ws.example.com" })).toContain(expected);
    expect(failureOf({ PUSHER_HOST: "ws.example.com", PUSHER_APP_ID: "app", PUSHER_KEY: "key" })).toContain(expected);
    expect(parseEnv({ PUSHER_HOST: "ws.example.com", ...PUSHER_KEYS })).toMatchObject({
      PUSHER_HOST: "ws.example.com",
      ...PUSHER_KEYS,
    });
    // Keys alone are fine: they configure the built-in server.
    expect(parseEnv(PUSHER_KEYS).PUSHER_HOST).toBeUndefined();
  });

  it("lists every problem at once, one per line, without echoing secret values", () => {
    const secret = "too-short-secret";
    const message = failureOf({ PORT: "nope", AUTH_SECRET: secret, LOG_LEVEL: "loud", PUSHER_USE_TLS: "yes" });
    const lines = message.split("\n");
    expect(lines[0]).toBe("Invalid environment configuration:");
    expect(
      lines
        .slice(1)
        .map((line) => line.trim().split(":")[0])
        .sort(),
    ).toEqual(["AUTH_SECRET", "LOG_LEVEL", "PORT", "PUSHER_USE_TLS"]);
    expect(message).toContain("AUTH_SECRET: must be at least 32 characters");
    expect(message).not.toContain(secret);
  });

  it("reads only the object it is given", () => {
    const previous = process.env.PORT;
    process.env.PORT = "not-a-port";
    try {
      expect(parseEnv({ PORT: "4000" }).PORT).toBe(4000);
    } finally {
      if (previous === undefined) delete process.env.PORT;
      else process.env.PORT = previous;
    }
  });
});

describe("database timeouts", () => {
  it("default to seconds, not minutes, and map onto the database target", async () => {
    const env = parseEnv({ DATABASE_URL: "postgres://db/app" });
    expect(env).toMatchObject({
      DATABASE_CONNECT_TIMEOUT_SECONDS: 5,
      DATABASE_STATEMENT_TIMEOUT_SECONDS: 5,
      DATABASE_ACQUIRE_TIMEOUT_SECONDS: 3,
    });
    const { databaseTargetFromEnv } = await import("@/db");
    expect(databaseTargetFromEnv({ ...env, DATABASE_STATEMENT_TIMEOUT_SECONDS: 2 })).toMatchObject({
      driver: "postgres",
      timeouts: { connectSeconds: 5, statementSeconds: 2, acquireSeconds: 3 },
    });
  });

  it("refuses zero, fractions, words and values of minutes", () => {
    expect(failureOf({ DATABASE_STATEMENT_TIMEOUT_SECONDS: "0" })).toMatch(/DATABASE_STATEMENT_TIMEOUT_SECONDS/);
    expect(failureOf({ DATABASE_CONNECT_TIMEOUT_SECONDS: "1.5" })).toMatch(/DATABASE_CONNECT_TIMEOUT_SECONDS/);
    expect(failureOf({ DATABASE_ACQUIRE_TIMEOUT_SECONDS: "soon" })).toMatch(/must be a number of seconds/);
    expect(failureOf({ DATABASE_ACQUIRE_TIMEOUT_SECONDS: "600" })).toMatch(/DATABASE_ACQUIRE_TIMEOUT_SECONDS/);
  });
});
