import { lookup } from "node:dns/promises";
import { isIP } from "node:net";
import ipaddr from "ipaddr.js";
import { InvalidInputError } from "@/server/errors";

export type OutboundUrlPolicy = {
  /** Local development only: lets a callback reach a server on this machine. */
  allowLoopback: boolean;
  /** Resolves a host name to its addresses; the system resolver unless a test gives one. */
  resolve?: (hostname: string) => Promise<string[]>;
};

export type CheckedUrl = { url: URL; addresses: string[] };

const MAX_URL_LENGTH = 2048;

async function systemResolve(hostname: string): Promise<string[]> {
  const found = await lookup(hostname, { all: true, verbatim: true });
  return found.map((entry) => entry.address);
}

/** `unicast` is ipaddr.js's name for a public IPv4 address; IPv6 public space is `unicast` too. */
function addressAllowed(address: string, allowLoopback: boolean): boolean {
  const parsed = ipaddr.process(address);
  const range = parsed.range();
  if (range === "unicast") return true;
  return allowLoopback && range === "loopback";
}

/**
 * A URL that Switchboard may call on a customer's behalf: http(s), no credentials, and every
 * address its host resolves to is public (never loopback, link-local — where cloud metadata
 * lives — private, carrier-grade NAT, multicast or reserved space). Checked when the URL is
 * saved and again before every request, and the request must then connect to one of the
 * returned addresses, so a name that later resolves somewhere private is refused too.
 */
export async function checkPublicUrl(raw: string, policy: OutboundUrlPolicy): Promise<CheckedUrl> {
  if (raw.length > MAX_URL_LENGTH) throw new InvalidInputError(`The URL is longer than ${MAX_URL_LENGTH} characters`);
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new InvalidInputError("The callback URL is not a valid URL");
  }
  if (url.protocol !== "https:" && url.protocol !== "http:") {
    throw new InvalidInputError("The callback URL must start with https:// (or http://)");
  }
  if (url.username || url.password)
    throw new InvalidInputError("The callback URL must not contain a user name or password");
  const hostname = url.hostname.replace(/^\[|\]$/g, "");
  let addresses: string[];
  if (isIP(hostname)) addresses = [hostname];
  else {
    try {
      addresses = await (policy.resolve ?? systemResolve)(hostname);
    } catch {
      throw new InvalidInputError(`The callback URL's host ${hostname} could not be resolved`);
    }
  }
  if (addresses.length === 0) throw new InvalidInputError(`The callback URL's host ${hostname} could not be resolved`);
  const refused = addresses.find((address) => !addressAllowed(address, policy.allowLoopback));
  if (refused !== undefined) {
    throw new InvalidInputError(
      `The callback URL must reach a public address; ${hostname} resolves to ${refused}, which is private, local or reserved`,
    );
  }
  return { url, addresses };
}
