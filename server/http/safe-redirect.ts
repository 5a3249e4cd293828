const MAX_REDIRECT_LENGTH = 2048;
// Browsers read "\" as "/" and drop tabs and newlines, so "/\evil.example" would leave the site.
const AMBIGUOUS = /[\u0000-\u001f\u007f\\]/;

/**
 * The absolute URL for a same-origin redirect target, or null when `url` is malformed or points
 * anywhere but `origin` (other hosts, protocol-relative "//host", other schemes, user info).
 */
export function sameOriginTarget(url: unknown, origin: string): string | null {
  if (typeof url !== "string" || url.length === 0 || url.length > MAX_REDIRECT_LENGTH) return null;
  if (AMBIGUOUS.test(url) || url.startsWith("//")) return null;
  try {
    const target = url.startsWith("/") ? new URL(url, origin) : new URL(url);
    if (target.origin !== origin || target.username || target.password) return null;
    return target.href;
  } catch {
    return null;
  }
}

/** Where to send the browser after sign-in or sign-out: the requested page if it is ours, else home. */
export function safeRedirect(url: unknown, origin: string): string {
  return sameOriginTarget(url, origin) ?? `${origin}/`;
}
