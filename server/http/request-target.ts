export type RequestTarget = { path: string; authority: string | null };

/**
 * The path of a request target. An absolute-form target ("GET http://host/path", RFC 9112 §3.2.2) names
 * its host in place of the Host header, which Next.js would otherwise turn into a redirect to that host;
 * "*" and anything else that is not a path are not served. Null means: refuse with 400.
 */
export function parseRequestTarget(target: string | undefined): RequestTarget | null {
  if (!target) return null;
  if (target.startsWith("/")) return { path: target, authority: null };
  try {
    const url = new URL(target);
    if (url.protocol !== "http:" && url.protocol !== "https:") return null;
    if (url.username || url.password) return null;
    return { path: `${url.pathname}${url.search}`, authority: url.host };
  } catch {
    return null;
  }
}
