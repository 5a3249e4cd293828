import { getToken } from "next-auth/jwt";
import { getDatabase } from "@/server/database";
import { env } from "@/server/env";
import { trustedOrigin } from "@/server/http/trusted-origin";
import { resolveSession, type SessionAgent } from "@/server/services/session/resolve-session";
import { sessionPolicyFrom } from "@/server/services/session/session-policy";

type Cookie = { name: string; value: string };

/**
 * The signed-in agent behind a request's cookies, or null. The cookie only names a session;
 * the database decides whether it still counts and what role it has now. Works wherever the
 * cookies come from: a Next.js render or route, or the custom server's own handlers.
 */
export async function agentFromCookies(all: Iterable<Cookie>): Promise<SessionAgent | null> {
  const config = env();
  const jar = new Map<string, string>();
  for (const cookie of all) jar.set(cookie.name, cookie.value);
  const token = await getToken({
    req: { cookies: jar, headers: {} } as never,
    secret: config.AUTH_SECRET,
    secureCookie: trustedOrigin(config).startsWith("https://"),
  });
  const sessionId = typeof token?.sid === "string" ? token.sid : null;
  if (!sessionId) return null;
  return resolveSession(await getDatabase(), sessionPolicyFrom(config), sessionId);
}

/** Cookies from a raw `Cookie` header (the custom server's requests). */
export function parseCookieHeader(header: string | undefined): Cookie[] {
  if (!header) return [];
  return header.split(";").flatMap((part) => {
    const eq = part.indexOf("=");
    if (eq <= 0) return [];
    const name = part.slice(0, eq).trim();
    const raw = part.slice(eq + 1).trim();
    try {
      return [{ name, value: decodeURIComponent(raw) }];
    } catch {
      return [{ name, value: raw }];
    }
  });
}
