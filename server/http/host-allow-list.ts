export type Protocol = "http" | "https";

type HostPattern = { hostname: string; port: string | null };

const HOST_SYNTAX = /^(\[[0-9a-f:.]+\]|[a-z0-9](?:[a-z0-9.-]*[a-z0-9])?)(?::(\d{1,5}))?$/i;
const LOOPBACK_HOSTNAMES = ["localhost", "127.0.0.1", "[::1]"];

function defaultPort(protocol: Protocol): string {
  return protocol === "https" ? "443" : "80";
}

/** `Host` syntax only (no user info, path or odd characters); the port is kept as written, if any. */
function parseHostPattern(value: string): HostPattern | null {
  const match = HOST_SYNTAX.exec(value.trim());
  if (!match) return null;
  try {
    // WHATWG URL rejects impossible ports and IPv6 literals and gives the canonical hostname.
    const url = new URL(`http://${match[1]}`);
    const port = match[2] === undefined ? null : String(Number(match[2]));
    if (port !== null && Number(port) > 65535) return null;
    return { hostname: url.hostname, port };
  } catch {
    return null;
  }
}

function listEntries(list: string): string[] {
  return list
    .split(",")
    .map((entry) => entry.trim())
    .filter(Boolean);
}

export function isValidHostList(list: string): boolean {
  return listEntries(list).every((entry) => parseHostPattern(entry) !== null);
}

export type HostAllowListOptions = {
  /** PUBLIC_URL: the app's own origin, when configured. */
  publicUrl: string | undefined;
  /** ALLOWED_HOSTS: further host names, each with an optional port (without one, any port). */
  allowedHosts: string;
  /** The port this process listens on. */
  port: number;
};

export type HostAllowList = {
  /** Whether a request for `host` (Host or trusted X-Forwarded-Host) may be served. */
  allows(host: string | undefined, protocol: Protocol, fromLoopback: boolean): boolean;
};

export function createHostAllowList(options: HostAllowListOptions): HostAllowList {
  const configured: HostPattern[] = listEntries(options.allowedHosts).map((entry) => {
    const pattern = parseHostPattern(entry);
    if (!pattern) throw new Error(`Not a host name: ${entry}`);
    return pattern;
  });
  if (options.publicUrl) {
    const url = new URL(options.publicUrl);
    const protocol = url.protocol === "https:" ? "https" : "http";
    configured.push({ hostname: url.hostname, port: url.port || defaultPort(protocol) });
  }
  // The quickstart is reached on loopback; with PUBLIC_URL set only local callers (the realtime
  // publisher posting to 127.0.0.1, a local probe) may still use these names.
  const loopback: HostPattern[] = LOOPBACK_HOSTNAMES.map((hostname) => ({ hostname, port: String(options.port) }));
  const loopbackAlwaysAllowed = !options.publicUrl;

  const matches = (patterns: HostPattern[], hostname: string, port: string) =>
    patterns.some((pattern) => pattern.hostname === hostname && (pattern.port === null || pattern.port === port));

  return {
    allows(host, protocol, fromLoopback) {
      if (!host) return false;
      const requested = parseHostPattern(host);
      if (!requested) return false;
      const port = requested.port ?? defaultPort(protocol);
      if (matches(configured, requested.hostname, port)) return true;
      return (loopbackAlwaysAllowed || fromLoopback) && matches(loopback, requested.hostname, port);
    },
  };
}
