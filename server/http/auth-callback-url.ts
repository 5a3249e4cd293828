import { safeRedirect, sameOriginTarget } from "./safe-redirect";

const CALLBACK_COOKIE = /^(?:__Secure-)?next-auth\.callback-url$/;
const AUTH_PATH = "/api/auth/";

/**
 * next-auth answers 500 ("Invalid callback URL", or an unhandled Invalid URL) when ?callbackUrl on its
 * routes is malformed. Rewrite it to a safe absolute URL on our origin; returns the new request target,
 * or null when nothing needs to change.
 */
export function sanitizeCallbackQuery(requestTarget: string, origin: string): string | null {
  let url: URL;
  try {
    url = new URL(requestTarget, origin);
  } catch {
    return null;
  }
  if (!url.pathname.startsWith(AUTH_PATH) || !url.searchParams.has("callbackUrl")) return null;
  const requested = url.searchParams.get("callbackUrl");
  const safe = safeRedirect(requested, origin);
  if (requested === safe && url.searchParams.getAll("callbackUrl").length === 1) return null;
  url.searchParams.set("callbackUrl", safe);
  return `${url.pathname}${url.search}`;
}

function cookieValue(raw: string): string {
  const unquoted = raw.length > 1 && raw.startsWith('"') && raw.endsWith('"') ? raw.slice(1, -1) : raw;
  try {
    return decodeURIComponent(unquoted);
  } catch {
    return unquoted;
  }
}

/**
 * next-auth validates its callback-url cookie on every session read (every signed-in page) and fails
 * the whole request when it is malformed. Drop such a cookie; returns the new header or null if unchanged.
 */
export function withoutUnsafeCallbackCookie(cookieHeader: string, origin: string): string | null {
  if (!cookieHeader.includes("callback-url")) return null;
  const pairs = cookieHeader.split(";");
  const kept = pairs.filter((pair) => {
    const separator = pair.indexOf("=");
    const name = (separator === -1 ? pair : pair.slice(0, separator)).trim();
    if (!CALLBACK_COOKIE.test(name)) return true;
    return separator !== -1 && sameOriginTarget(cookieValue(pair.slice(separator + 1).trim()), origin) !== null;
  });
  if (kept.length === pairs.length) return null;
  return kept.map((pair) => pair.trim()).join("; ");
}
