const STATE_CHANGING = new Set(["POST", "PUT", "PATCH", "DELETE"]);

export const CROSS_SITE_MESSAGE =
  "This request came from another website and was refused. Open Switchboard directly and try again.";

export type RequestProvenance = {
  method: string | undefined;
  origin: string | undefined;
  secFetchSite: string | undefined;
  hasCookies: boolean;
};

function originOf(value: string): string | null {
  try {
    return new URL(value).origin;
  } catch {
    return null;
  }
}

/**
 * Whether a state-changing request must be refused as cross-site (CSRF). Browsers send Origin and
 * Sec-Fetch-Site on every POST; a request with cookies and neither is a non-browser replaying a
 * session, also refused. Cookie-less callers without them (token-authenticated clients) pass.
 */
export function isCrossSiteRequest(request: RequestProvenance, ownOrigins: ReadonlySet<string>): boolean {
  if (!STATE_CHANGING.has((request.method ?? "GET").toUpperCase())) return false;
  const site = request.secFetchSite?.trim().toLowerCase();
  if (site === "cross-site" || site === "same-site") return true;
  if (request.origin !== undefined) {
    const origin = originOf(request.origin.trim());
    return origin === null || !ownOrigins.has(origin);
  }
  if (site === "same-origin" || site === "none") return false;
  return request.hasCookies;
}
