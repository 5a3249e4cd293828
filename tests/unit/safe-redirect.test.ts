import { describe, expect, it } from "vitest";
import { sanitizeCallbackQuery, withoutUnsafeCallbackCookie } from "@/server/http/auth-callback-url";
import { safeRedirect } from "@/server/http/safe-redirect";

const ORIGIN = "http://localhost:3000";

describe("safeRedirect", () => {
  it("keeps same-origin paths and absolute URLs on our origin", () => {
    expect(safeRedirect("/inbox?view=mine#top", ORIGIN)).toBe(`${ORIGIN}/inbox?view=mine#top`);
    expect(safeRedirect(`${ORIGIN}/login`, ORIGIN)).toBe(`${ORIGIN}/login`);
    expect(safeRedirect("/%", ORIGIN)).toBe(`${ORIGIN}/%`);
  });

  it("sends everything foreign or malformed home", () => {
    const hostile = [
      "https://evil.example/",
      "//evil.example",
      "/\\evil.example",
      "/\t/evil.example",
      "http://[",
      "%",
      "javascript:alert(1)",
      "data:text/html,hi",
      "http://localhost:3000@evil.example/",
      "http://user:pass@localhost:3000/",
      "https://localhost:3000/",
      "http://localhost:3001/",
      "",
      "inbox",
      "/" + "a".repeat(5000),
    ];
    for (const url of hostile) expect(safeRedirect(url, ORIGIN), url).toBe(`${ORIGIN}/`);
    expect(safeRedirect(undefined, ORIGIN)).toBe(`${ORIGIN}/`);
    expect(safeRedirect({ href: "/x" }, ORIGIN)).toBe(`${ORIGIN}/`);
  });
});

describe("auth callback URL at the perimeter", () => {
  it("rewrites a malformed or foreign callbackUrl on auth routes only", () => {
    expect(sanitizeCallbackQuery("/api/auth/signout?callbackUrl=http%3A%2F%2F%5B", ORIGIN)).toBe(
      `/api/auth/signout?callbackUrl=${encodeURIComponent(`${ORIGIN}/`)}`,
    );
    expect(sanitizeCallbackQuery("/api/auth/session?callbackUrl=%", ORIGIN)).toBe(
      `/api/auth/session?callbackUrl=${encodeURIComponent(`${ORIGIN}/`)}`,
    );
    const doubled = sanitizeCallbackQuery("/api/auth/csrf?callbackUrl=/a&callbackUrl=//evil.example", ORIGIN);
    expect(new URL(doubled!, ORIGIN).searchParams.getAll("callbackUrl")).toEqual([`${ORIGIN}/a`]);
    expect(sanitizeCallbackQuery(`/api/auth/signin?callbackUrl=${encodeURIComponent(`${ORIGIN}/`)}`, ORIGIN)).toBe(
      null,
    );
    expect(sanitizeCallbackQuery("/inbox?callbackUrl=%", ORIGIN)).toBeNull();
    expect(sanitizeCallbackQuery("/api/auth/session", ORIGIN)).toBeNull();
  });

  it("drops a malformed or foreign callback-url cookie and keeps the others", () => {
    expect(withoutUnsafeCallbackCookie("a=1; next-auth.callback-url=http%3A%2F%2F%5B; b=2", ORIGIN)).toBe("a=1; b=2");
    expect(withoutUnsafeCallbackCookie("__Secure-next-auth.callback-url=%25", ORIGIN)).toBe("");
    expect(withoutUnsafeCallbackCookie("next-auth.callback-url=https%3A%2F%2Fevil.example", ORIGIN)).toBe("");
    expect(withoutUnsafeCallbackCookie(`next-auth.callback-url=${encodeURIComponent(ORIGIN)}; a=1`, ORIGIN)).toBeNull();
    expect(withoutUnsafeCallbackCookie("next-auth.session-token=x", ORIGIN)).toBeNull();
  });
});
