import type { RealtimeApp } from "./config";
import { PusherErrorCode, SUPPORTED_PROTOCOL_VERSIONS } from "./protocol";

/** Clients connect to `/app/{key}?protocol=7&client=js&version=8.6.0`. */
export const APP_CONNECTION_PATH_PREFIX = "/app/";
const APP_CONNECTION_PATH = /^\/app\/([^/]+)$/;

export type HandshakeCheck = { ok: true } | { ok: false; code: PusherErrorCode; message: string };

const refuse = (code: PusherErrorCode, message: string): HandshakeCheck => ({
  ok: false,
  code,
  message,
});

export function isAppConnectionPath(pathname: string): boolean {
  return pathname.startsWith(APP_CONNECTION_PATH_PREFIX);
}

export function checkHandshake(url: URL, app: RealtimeApp): HandshakeCheck {
  const key = decodePathSegment(APP_CONNECTION_PATH.exec(url.pathname)?.[1]);
  if (key === undefined) return refuse(PusherErrorCode.PathNotFound, "Path not found: connect to /app/{key}");
  if (key !== app.key) {
    return refuse(PusherErrorCode.AppDoesNotExist, `App key ${key} does not exist`);
  }
  return checkProtocolVersion(url.searchParams.get("protocol"));
}

function checkProtocolVersion(protocol: string | null): HandshakeCheck {
  if (protocol === null || protocol === "") {
    return refuse(PusherErrorCode.NoProtocolVersionSupplied, "No protocol version supplied");
  }
  if (!/^\d+$/.test(protocol)) {
    return refuse(PusherErrorCode.InvalidVersionStringFormat, `Invalid protocol version format: ${protocol}`);
  }
  const version = Number(protocol);
  const { min, max } = SUPPORTED_PROTOCOL_VERSIONS;
  if (version < min || version > max) {
    return refuse(
      PusherErrorCode.UnsupportedProtocolVersion,
      `Unsupported protocol version ${version}; this server speaks ${min} to ${max}`,
    );
  }
  return { ok: true };
}

export function decodePathSegment(segment: string | undefined): string | undefined {
  if (segment === undefined) return undefined;
  try {
    return decodeURIComponent(segment);
  } catch {
    return undefined;
  }
}
