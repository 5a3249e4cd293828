import { request as httpRequest } from "node:http";

export type RawResponse = { status: number; headers: Record<string, string | string[] | undefined>; body: string };

/**
 * One HTTP request from a chosen loopback address. The app counts limits per client
 * address, so each throttling test speaks from its own address and never slows the others.
 */
export function rawRequest(
  baseURL: string,
  options: { path: string; method?: string; headers?: Record<string, string>; body?: string; localAddress?: string },
): Promise<RawResponse> {
  const url = new URL(options.path, baseURL);
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      {
        host: url.hostname === "localhost" ? "127.0.0.1" : url.hostname,
        port: url.port,
        path: url.pathname + url.search,
        method: options.method ?? "GET",
        headers: { host: url.host, ...options.headers },
        localAddress: options.localAddress,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (chunk: Buffer) => chunks.push(chunk));
        res.on("end", () =>
          resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString("utf8") }),
        );
      },
    );
    req.on("error", reject);
    if (options.body !== undefined) req.write(options.body);
    req.end();
  });
}

const cookiesOf = (response: RawResponse) =>
  ([] as string[])
    .concat(response.headers["set-cookie"] ?? [])
    .map((cookie) => cookie.split(";")[0])
    .join("; ");

/** A password sign-in exactly as the login form makes it (CSRF token and cookie included). */
export async function postCredentials(
  baseURL: string,
  credentials: { email: string; password: string },
  localAddress?: string,
): Promise<RawResponse & { cookie: string }> {
  const csrf = await rawRequest(baseURL, { path: "/api/auth/csrf", localAddress });
  const { csrfToken } = JSON.parse(csrf.body) as { csrfToken: string };
  const cookie = cookiesOf(csrf);
  const response = await rawRequest(baseURL, {
    path: "/api/auth/callback/credentials",
    method: "POST",
    localAddress,
    headers: {
      "content-type": "application/x-www-form-urlencoded",
      origin: new URL(baseURL).origin,
      cookie,
    },
    body: new URLSearchParams({ ...credentials, csrfToken, callbackUrl: "/inbox", json: "true" }).toString(),
  });
  return { ...response, cookie: [cookie, cookiesOf(response)].filter(Boolean).join("; ") };
}

/** Signs in over HTTP and returns the session cookie header to replay. */
export async function signInOverHttp(
  baseURL: string,
  credentials: { email: string; password: string },
  localAddress?: string,
): Promise<string> {
  const response = await postCredentials(baseURL, credentials, localAddress);
  if (!/session-token=/.test(response.cookie)) throw new Error(`sign-in failed: ${response.status} ${response.body}`);
  return response.cookie;
}

/** A tRPC query or mutation with a cookie, as a same-origin browser page would send it. */
export function trpcCall(
  baseURL: string,
  cookie: string,
  path: string,
  input?: unknown,
  kind: "query" | "mutation" = "query",
): Promise<RawResponse> {
  const origin = new URL(baseURL).origin;
  if (kind === "query") {
    const query = input === undefined ? "" : `?input=${encodeURIComponent(JSON.stringify({ json: input }))}`;
    return rawRequest(baseURL, { path: `/api/trpc/${path}${query}`, headers: { cookie } });
  }
  return rawRequest(baseURL, {
    path: `/api/trpc/${path}`,
    method: "POST",
    headers: { cookie, origin, "content-type": "application/json" },
    body: JSON.stringify({ json: input }),
  });
}
