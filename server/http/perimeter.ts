import type { IncomingHttpHeaders, IncomingMessage, ServerResponse } from "node:http";
import type { Duplex } from "node:stream";
import { sanitizeCallbackQuery, withoutUnsafeCallbackCookie } from "./auth-callback-url";
import { CLIENT_ADDRESS_HEADER } from "./client-address";
import { buildContentSecurityPolicy, newNonce } from "./content-security-policy";
import { CROSS_SITE_MESSAGE, isCrossSiteRequest } from "./cross-site";
import { createHostAllowList, type Protocol } from "./host-allow-list";
import { parseRequestTarget } from "./request-target";
import { isEmbeddablePath, securityHeaders } from "./security-headers";
import { trustedOrigin } from "./trusted-origin";
import { normalizeAddress, parseTrustedProxies, resolveClientAddress } from "./trusted-proxies";

export type PerimeterOptions = {
  publicUrl: string | undefined;
  allowedHosts: string;
  trustedProxies: string;
  port: number;
  dev: boolean;
  /** ws(s) origin of an external Pusher-compatible service; null when the built-in server (same origin) is used. */
  externalRealtimeOrigin: string | null;
};

/**
 * The checks every request passes before Next.js or the realtime server sees it. Each returns false
 * when it has already answered (refused) the request.
 */
export type Perimeter = {
  admitRequest(req: IncomingMessage, res: ServerResponse): boolean;
  admitUpgrade(req: IncomingMessage, socket: Duplex): boolean;
};

const FORWARDED_HEADERS = ["x-forwarded-for", "x-forwarded-host", "x-forwarded-proto", "x-forwarded-port", "forwarded"];

const REFUSAL_POLICY = "default-src 'none'; frame-ancestors 'none'";

type Admission = { host: string; protocol: Protocol };
type Refusal = { refused: string };

function single(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value.join(",") : value;
}

/** The value the proxy nearest to us wrote (a client can only prepend to a list). */
function lastListValue(value: string | string[] | undefined): string | undefined {
  const last = single(value)?.split(",").pop()?.trim();
  return last || undefined;
}

function isLoopback(address: string): boolean {
  return address === "::1" || address.startsWith("127.");
}

export function createPerimeter(options: PerimeterOptions): Perimeter {
  const proxies = parseTrustedProxies(options.trustedProxies);
  const hosts = createHostAllowList(options);
  const origin = trustedOrigin({ PUBLIC_URL: options.publicUrl, PORT: options.port });
  const publicHttps = origin.startsWith("https:");

  /** Strips forwarded headers from untrusted peers, resolves the client, checks the host. */
  function admit(req: IncomingMessage): Admission | Refusal {
    const headers = req.headers;
    const target = parseRequestTarget(req.url);
    if (!target) return { refused: "Bad request target" };
    req.url = target.path;
    if (target.authority !== null) headers.host = target.authority;
    const peer = req.socket.remoteAddress;
    const fromProxy = peer !== undefined && proxies.trusts(peer);
    const clientAddress = resolveClientAddress(peer, single(headers["x-forwarded-for"]), proxies);
    let forwardedHost: string | undefined;
    let forwardedProto: Protocol | undefined;
    if (fromProxy) {
      forwardedHost = lastListValue(headers["x-forwarded-host"]);
      const proto = lastListValue(headers["x-forwarded-proto"])?.toLowerCase();
      forwardedProto = proto === "http" || proto === "https" ? proto : undefined;
      setOrDelete(headers, "x-forwarded-host", forwardedHost);
      setOrDelete(headers, "x-forwarded-proto", forwardedProto);
    } else {
      for (const name of FORWARDED_HEADERS) delete headers[name];
    }
    headers[CLIENT_ADDRESS_HEADER] = clientAddress;

    const encrypted = "encrypted" in req.socket && req.socket.encrypted === true;
    const protocol: Protocol = forwardedProto ?? (encrypted ? "https" : "http");
    const host = forwardedHost ?? headers.host;
    const fromLoopback = isLoopback(normalizeAddress(clientAddress));
    if (!host || !hosts.allows(host, protocol, fromLoopback)) return { refused: "Unknown host" };
    return { host: host.toLowerCase(), protocol };
  }

  return {
    admitRequest(req, res) {
      const admission = admit(req);
      if ("refused" in admission) {
        const headers = securityHeaders({
          contentSecurityPolicy: REFUSAL_POLICY,
          embeddable: false,
          https: publicHttps,
        });
        answer(res, 400, "text/plain; charset=utf-8", admission.refused, headers);
        return false;
      }
      const { host, protocol } = admission;
      const requestOrigin = new URL(`${protocol}://${host}`).origin;
      const https = protocol === "https" || publicHttps;

      const cookie = req.headers.cookie;
      const safeCookie = cookie ? withoutUnsafeCallbackCookie(cookie, origin) : null;
      if (safeCookie !== null) req.headers.cookie = safeCookie;
      const safeTarget = req.url ? sanitizeCallbackQuery(req.url, origin) : null;
      if (safeTarget !== null) req.url = safeTarget;

      const pathname = (req.url ?? "/").split("?")[0]!;
      const embeddable = isEmbeddablePath(pathname);
      const nonce = newNonce();
      const contentSecurityPolicy = buildContentSecurityPolicy({
        nonce,
        dev: options.dev,
        embeddable,
        connectSources: options.externalRealtimeOrigin
          ? [options.externalRealtimeOrigin]
          : [`${protocol === "https" ? "wss" : "ws"}://${host}`],
      });
      const headers = securityHeaders({ contentSecurityPolicy, embeddable, https });

      // The API channel authenticates with bearer tokens, never cookies: any site's app may call it.
      const tokenApi = pathname.startsWith("/api/v1/");
      const crossSite =
        !tokenApi &&
        isCrossSiteRequest(
          {
            method: req.method,
            origin: single(req.headers.origin),
            secFetchSite: single(req.headers["sec-fetch-site"]),
            hasCookies: Boolean(req.headers.cookie),
          },
          new Set([origin, requestOrigin]),
        );
      if (crossSite) {
        const body = JSON.stringify({ error: { code: "FORBIDDEN", message: CROSS_SITE_MESSAGE } });
        answer(res, 403, "application/json", body, headers);
        return false;
      }

      // Next.js puts this nonce on its own scripts when it finds it in the request's policy.
      delete req.headers["content-security-policy-report-only"];
      req.headers["content-security-policy"] = contentSecurityPolicy;
      for (const [name, value] of Object.entries(headers)) res.setHeader(name, value);
      return true;
    },

    admitUpgrade(req, socket) {
      const admission = admit(req);
      if (!("refused" in admission)) return true;
      socket.end(
        `HTTP/1.1 400 Bad Request\r\nContent-Type: text/plain\r\nConnection: close\r\n\r\n${admission.refused}`,
      );
      return false;
    },
  };
}

function setOrDelete(headers: IncomingHttpHeaders, name: string, value: string | undefined): void {
  if (value === undefined) delete headers[name];
  else headers[name] = value;
}

function answer(
  res: ServerResponse,
  status: number,
  contentType: string,
  body: string,
  headers: Record<string, string>,
): void {
  res.writeHead(status, { ...headers, "Content-Type": contentType, "Content-Length": Buffer.byteLength(body) });
  res.end(body);
}
