import { describe, expect, it } from "vitest";
import { publicOrigin } from "@/server/http/public-origin";

describe("the public origin shown in snippets", () => {
  it("prefers PUBLIC_URL, without its path", () => {
    expect(publicOrigin("https://support.example.com/app/", new Headers({ host: "internal:3000" }))).toBe(
      "https://support.example.com",
    );
  });

  it("falls back to the request's host and the protocol a trusted proxy reported", () => {
    expect(publicOrigin(undefined, new Headers({ host: "localhost:3000" }))).toBe("http://localhost:3000");
    expect(
      publicOrigin(
        undefined,
        new Headers({ host: "10.0.0.2:3000", "x-forwarded-host": "desk.example.org", "x-forwarded-proto": "https" }),
      ),
    ).toBe("https://desk.example.org");
  });
});
