import { createHash, createHmac, timingSafeEqual } from "node:crypto";
import type { RealtimeApp } from "./config";

export type SignatureCheck = { ok: true } | { ok: false; reason: string };

const VALID: SignatureCheck = { ok: true };
const invalid = (reason: string): SignatureCheck => ({ ok: false, reason });

export const HTTP_API_AUTH_VERSION = "1.0";
export const HTTP_API_MAX_CLOCK_SKEW_SECONDS = 600;

export function hmacSha256Hex(secret: string, payload: string): string {
  return createHmac("sha256", secret).update(payload, "utf8").digest("hex");
}

export function md5Hex(body: string | Buffer): string {
  return createHash("md5").update(body).digest("hex");
}

export function equalsInConstantTime(expected: string, actual: string): boolean {
  const expectedBytes = Buffer.from(expected, "utf8");
  const actualBytes = Buffer.from(actual, "utf8");
  return expectedBytes.length === actualBytes.length && timingSafeEqual(expectedBytes, actualBytes);
}

/** HMAC-SHA256 over `socket_id:channel_name[:channel_data]`, as Pusher server SDKs compute it. */
export function signChannelAuth(secret: string, socketId: string, channelName: string, channelData?: string): string {
  const parts = channelData === undefined ? [socketId, channelName] : [socketId, channelName, channelData];
  return hmacSha256Hex(secret, parts.join(":"));
}

/** The `auth` value a client sends when subscribing: `key:hexsignature`. */
export function formatChannelAuth(app: RealtimeApp, socketId: string, channelName: string, channelData?: string) {
  return `${app.key}:${signChannelAuth(app.secret, socketId, channelName, channelData)}`;
}

export function verifyChannelAuth(
  app: RealtimeApp,
  socketId: string,
  channelName: string,
  auth: string | undefined,
  channelData?: string,
): SignatureCheck {
  if (!auth) return invalid(`Auth value required to subscribe to ${channelName}`);
  const separator = auth.indexOf(":");
  if (separator < 0) return invalid("Auth value must have the form key:signature");
  const key = auth.slice(0, separator);
  const signature = auth.slice(separator + 1);
  if (!equalsInConstantTime(app.key, key)) return invalid("Auth value signed with an unknown key");
  const expected = signChannelAuth(app.secret, socketId, channelName, channelData);
  if (!equalsInConstantTime(expected, signature)) {
    return invalid(`Invalid signature for socket ${socketId} on channel ${channelName}`);
  }
  return VALID;
}

export type HttpApiRequestToVerify = {
  app: RealtimeApp;
  method: string;
  /** The path exactly as the client sent it, without the query string. */
  path: string;
  query: URLSearchParams;
  body: string | Buffer;
  nowSeconds?: number;
};

/**
 * Pusher REST API signature: HMAC-SHA256 of `METHOD\nPATH\nQUERY`, where QUERY holds every
 * parameter except auth_signature, sorted by key, as unencoded `key=value` pairs joined by `&`.
 */
export function verifyHttpApiRequest(request: HttpApiRequestToVerify): SignatureCheck {
  const { app, query } = request;
  const authKey = query.get("auth_key");
  const authTimestamp = query.get("auth_timestamp");
  const authVersion = query.get("auth_version");
  const authSignature = query.get("auth_signature");
  if (!authKey || !authTimestamp || !authVersion || !authSignature) {
    return invalid("Missing auth_key, auth_timestamp, auth_version or auth_signature");
  }
  if (authVersion !== HTTP_API_AUTH_VERSION) return invalid(`Unsupported auth_version ${authVersion}`);
  if (!equalsInConstantTime(app.key, authKey)) return invalid("Unknown auth_key");

  const timestampProblem = checkTimestamp(authTimestamp, request.nowSeconds ?? Date.now() / 1000);
  if (timestampProblem) return timestampProblem;

  const bodyProblem = checkBodyMd5(query.get("body_md5"), request.body);
  if (bodyProblem) return bodyProblem;

  const stringToSign = [request.method.toUpperCase(), request.path, canonicalQueryString(query)].join("\n");
  if (!equalsInConstantTime(hmacSha256Hex(app.secret, stringToSign), authSignature)) {
    return invalid("Invalid signature: expected HMAC-SHA256 of METHOD\\nPATH\\nsorted query");
  }
  return VALID;
}

function checkTimestamp(authTimestamp: string, nowSeconds: number): SignatureCheck | undefined {
  if (!/^\d+$/.test(authTimestamp)) return invalid("auth_timestamp must be a Unix time in seconds");
  const skewSeconds = Math.abs(nowSeconds - Number(authTimestamp));
  if (skewSeconds > HTTP_API_MAX_CLOCK_SKEW_SECONDS) {
    return invalid(
      `Timestamp expired: ${Math.round(skewSeconds)} s away from server time (limit ${HTTP_API_MAX_CLOCK_SKEW_SECONDS} s)`,
    );
  }
  return undefined;
}

function checkBodyMd5(bodyMd5: string | null, body: string | Buffer): SignatureCheck | undefined {
  if (bodyMd5 === null) {
    return body.length > 0 ? invalid("body_md5 is required when the request has a body") : undefined;
  }
  return equalsInConstantTime(md5Hex(body), bodyMd5.toLowerCase())
    ? undefined
    : invalid("body_md5 does not match the request body");
}

export function canonicalQueryString(query: URLSearchParams): string {
  return [...query.entries()]
    .filter(([key]) => key !== "auth_signature")
    .map(([key, value]) => [key.toLowerCase(), value] as const)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([key, value]) => `${key}=${value}`)
    .join("&");
}
