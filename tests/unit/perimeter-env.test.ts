import { describe, expect, it } from "vitest";
import { InvalidEnvironmentError, parseEnv } from "@/server/env";

function failureOf(source: Record<string, string>): string {
  try {
    parseEnv(source);
  } catch (error) {
    expect(error).toBeInstanceOf(InvalidEnvironmentError);
    return (error as Error).message;
  }
  throw new Error("Expected parseEnv to reject the environment");
}

describe("perimeter settings", () => {
  it("default to no extra hosts and no trusted proxies", () => {
    expect(parseEnv({})).toMatchObject({ ALLOWED_HOSTS: "", TRUSTED_PROXIES: "" });
  });

  it("accept host lists and proxy ranges", () => {
    const env = parseEnv({
      ALLOWED_HOSTS: "desk.example.com,alt.example.com:8443",
      TRUSTED_PROXIES: "10.0.0.0/8, ::1",
    });
    expect(env.ALLOWED_HOSTS).toBe("desk.example.com,alt.example.com:8443");
    expect(env.TRUSTED_PROXIES).toBe("10.0.0.0/8, ::1");
  });

  it("reject malformed values with a message naming the setting", () => {
    expect(failureOf({ TRUSTED_PROXIES: "10.0.0.0/40" })).toContain("TRUSTED_PROXIES: must be a comma-separated list");
    expect(failureOf({ ALLOWED_HOSTS: "https://desk.example.com" })).toContain("ALLOWED_HOSTS: must be");
    expect(failureOf({ PUBLIC_URL: "ftp://desk.example.com" })).toContain("PUBLIC_URL: must be an http");
  });
});
