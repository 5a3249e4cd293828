import { BlockList, isIP } from "node:net";

/** The proxies whose X-Forwarded-* headers we believe (TRUSTED_PROXIES). */
export type TrustedProxies = { trusts(address: string): boolean };

/** `::ffff:10.0.0.1` (an IPv4 peer on a dual-stack socket) and `[::1]` compare as their plain forms. */
export function normalizeAddress(address: string): string {
  let value = address.trim();
  if (value.startsWith("[") && value.endsWith("]")) value = value.slice(1, -1);
  const mapped = /^::ffff:(\d{1,3}(?:\.\d{1,3}){3})$/i.exec(value);
  return (mapped ? mapped[1]! : value).toLowerCase();
}

function entriesOf(list: string): string[] {
  return list
    .split(",")
    .map((entry) => entry.trim())
    .filter(Boolean);
}

function parseEntry(entry: string): { address: string; prefix: number | null; family: "ipv4" | "ipv6" } | null {
  const [rawAddress, rawPrefix, ...rest] = entry.split("/");
  if (rest.length > 0 || !rawAddress) return null;
  const address = normalizeAddress(rawAddress);
  const version = isIP(address);
  if (version === 0) return null;
  const family = version === 4 ? "ipv4" : "ipv6";
  if (rawPrefix === undefined) return { address, prefix: null, family };
  if (!/^\d{1,3}$/.test(rawPrefix)) return null;
  const prefix = Number(rawPrefix);
  if (prefix > (version === 4 ? 32 : 128)) return null;
  return { address, prefix, family };
}

export function isValidProxyList(list: string): boolean {
  return entriesOf(list).every((entry) => parseEntry(entry) !== null);
}

export function parseTrustedProxies(list: string): TrustedProxies {
  const blockList = new BlockList();
  for (const entry of entriesOf(list)) {
    const parsed = parseEntry(entry);
    if (!parsed) throw new Error(`Not an IP address or CIDR range: ${entry}`);
    if (parsed.prefix === null) blockList.addAddress(parsed.address, parsed.family);
    else blockList.addSubnet(parsed.address, parsed.prefix, parsed.family);
  }
  return {
    trusts(address) {
      const normalized = normalizeAddress(address);
      const version = isIP(normalized);
      if (version === 0) return false;
      return blockList.check(normalized, version === 4 ? "ipv4" : "ipv6");
    },
  };
}

/**
 * The client is the socket peer, unless that peer is a trusted proxy: then walk X-Forwarded-For from the
 * right (the hop our proxy appended) past further trusted proxies; the first untrusted hop is the client.
 * Everything left of it was written by the client and proves nothing.
 */
export function resolveClientAddress(
  socketAddress: string | undefined,
  forwardedFor: string | undefined,
  proxies: TrustedProxies,
): string {
  let client = socketAddress ? normalizeAddress(socketAddress) : "unknown";
  if (!socketAddress || !proxies.trusts(client) || !forwardedFor) return client;
  const hops = forwardedFor.split(",").map(normalizeAddress).reverse();
  for (const hop of hops) {
    // A hop that is not an address cannot be the client; the proxy that reported it is the best we know.
    if (isIP(hop) === 0) return client;
    client = hop;
    if (!proxies.trusts(hop)) return client;
  }
  return client;
}
