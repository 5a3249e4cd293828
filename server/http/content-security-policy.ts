import { randomBytes } from "node:crypto";

export type ContentSecurityPolicyOptions = {
  nonce: string;
  /** Next's dev server evaluates code for hot reload; production never needs 'unsafe-eval'. */
  dev: boolean;
  /** Only the widget frame may be framed, by any customer's site. */
  embeddable: boolean;
  /** Extra connect-src sources: the realtime WebSocket origin(s). */
  connectSources: readonly string[];
};

export function newNonce(): string {
  return randomBytes(16).toString("base64");
}

export function buildContentSecurityPolicy(options: ContentSecurityPolicyOptions): string {
  const scriptSrc = ["'self'", `'nonce-${options.nonce}'`, "'strict-dynamic'"];
  if (options.dev) scriptSrc.push("'unsafe-eval'");
  const directives: [string, ...string[]][] = [
    ["default-src", "'self'"],
    ["script-src", ...scriptSrc],
    ["style-src", "'self'", "'unsafe-inline'"],
    ["img-src", "'self'", "data:", "blob:"],
    ["font-src", "'self'", "data:"],
    ["connect-src", "'self'", ...new Set(options.connectSources)],
    ["frame-src", "'self'"],
    ["object-src", "'none'"],
    ["base-uri", "'self'"],
    ["form-action", "'self'"],
    ["frame-ancestors", options.embeddable ? "*" : "'none'"],
  ];
  return directives.map((directive) => directive.join(" ")).join("; ");
}

/** The nonce the custom server put in this request's policy, for pages that write their own HTML. */
export function nonceOf(headers: Headers): string | null {
  const scriptSrc = headers
    .get("content-security-policy")
    ?.split(";")
    .find((directive) => directive.trim().startsWith("script-src"));
  return /'nonce-([A-Za-z0-9+/_-]+={0,2})'/.exec(scriptSrc ?? "")?.[1] ?? null;
}
