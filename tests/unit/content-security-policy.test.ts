import { describe, expect, it } from "vitest";
import { buildContentSecurityPolicy, newNonce, nonceOf } from "@/server/http/content-security-policy";
import { isCrossSiteRequest } from "@/server/http/cross-site";
import { isEmbeddablePath, securityHeaders } from "@/server/http/security-headers";

function directives(policy: string): Map<string, string[]> {
  return new Map(
    policy.split(";").map((directive) => {
      const [name, ...values] = directive.trim().split(/\s+/);
      return [name!, values];
    }),
  );
}

describe("Content-Security-Policy", () => {
  const base = { nonce: "abc123==", dev: false, embeddable: false, connectSources: ["ws://localhost:3000"] };

  it("is a strict nonce policy for pages", () => {
    const policy = directives(buildContentSecurityPolicy(base));
    expect(policy.get("script-src")).toEqual(["'self'", "'nonce-abc123=='", "'strict-dynamic'"]);
    expect(policy.get("object-src")).toEqual(["'none'"]);
    expect(policy.get("base-uri")).toEqual(["'self'"]);
    expect(policy.get("form-action")).toEqual(["'self'"]);
    expect(policy.get("frame-ancestors")).toEqual(["'none'"]);
    expect(policy.get("connect-src")).toEqual(["'self'", "ws://localhost:3000"]);
    expect(policy.get("style-src")).toEqual(["'self'", "'unsafe-inline'"]);
  });

  it("allows eval only for the dev server and framing only for the widget", () => {
    expect(directives(buildContentSecurityPolicy({ ...base, dev: true })).get("script-src")).toContain("'unsafe-eval'");
    expect(buildContentSecurityPolicy(base)).not.toContain("unsafe-eval");
    expect(directives(buildContentSecurityPolicy({ ...base, embeddable: true })).get("frame-ancestors")).toEqual(["*"]);
  });

  it("allows an external realtime host", () => {
    const policy = buildContentSecurityPolicy({ ...base, connectSources: ["wss://soketi.example.com:443"] });
    expect(directives(policy).get("connect-src")).toEqual(["'self'", "wss://soketi.example.com:443"]);
  });

  it("uses a fresh nonce per request that Next.js can read back", () => {
    const nonce = newNonce();
    expect(nonce).not.toBe(newNonce());
    const headers = new Headers({ "content-security-policy": buildContentSecurityPolicy({ ...base, nonce }) });
    expect(nonceOf(headers)).toBe(nonce);
    expect(nonceOf(new Headers())).toBeNull();
  });
});

describe("security headers", () => {
  it("deny framing except for the widget frame, and add HSTS only over https", () => {
    const page = securityHeaders({ contentSecurityPolicy: "x", embeddable: false, https: false });
    expect(page).toMatchObject({
      "X-Content-Type-Options": "nosniff",
      "Referrer-Policy": "strict-origin-when-cross-origin",
      "X-Frame-Options": "DENY",
    });
    expect(page["Permissions-Policy"]).toContain("camera=()");
    expect(page["Strict-Transport-Security"]).toBeUndefined();
    const widget = securityHeaders({ contentSecurityPolicy: "x", embeddable: true, https: true });
    expect(widget["X-Frame-Options"]).toBeUndefined();
    expect(widget["Strict-Transport-Security"]).toMatch(/^max-age=\d+/);
    expect(isEmbeddablePath("/widget/frame")).toBe(true);
    expect(isEmbeddablePath("/inbox")).toBe(false);
  });
});

describe("cross-site request check", () => {
  const own = new Set(["http://localhost:3000"]);
  const post = { method: "POST", origin: undefined, secFetchSite: undefined, hasCookies: false };

  it("refuses state-changing requests from other origins", () => {
    expect(isCrossSiteRequest({ ...post, origin: "https://evil.example" }, own)).toBe(true);
    expect(isCrossSiteRequest({ ...post, origin: "null" }, own)).toBe(true);
    expect(isCrossSiteRequest({ ...post, secFetchSite: "cross-site" }, own)).toBe(true);
    expect(isCrossSiteRequest({ ...post, secFetchSite: "same-site", origin: "http://localhost:3000" }, own)).toBe(true);
    expect(isCrossSiteRequest({ ...post, hasCookies: true }, own)).toBe(true);
    expect(isCrossSiteRequest({ ...post, method: "DELETE", origin: "http://localhost:3001" }, own)).toBe(true);
  });

  it("lets same-origin, safe-method and cookie-less token requests through", () => {
    expect(isCrossSiteRequest({ ...post, origin: "http://localhost:3000", hasCookies: true }, own)).toBe(false);
    expect(isCrossSiteRequest({ ...post, secFetchSite: "same-origin", hasCookies: true }, own)).toBe(false);
    expect(isCrossSiteRequest({ ...post, method: "GET", origin: "https://evil.example", hasCookies: true }, own)).toBe(
      false,
    );
    expect(isCrossSiteRequest(post, own)).toBe(false);
  });
});
