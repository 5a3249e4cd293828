import { describe, expect, it } from "vitest";
import { CLIENT_ADDRESS_HEADER, clientAddressOf } from "@/server/http/client-address";
import {
  isValidProxyList,
  normalizeAddress,
  parseTrustedProxies,
  resolveClientAddress,
} from "@/server/http/trusted-proxies";

describe("trusted proxy list", () => {
  it("accepts addresses and CIDR ranges of both families, and rejects anything else", () => {
    expect(isValidProxyList("")).toBe(true);
    expect(isValidProxyList("10.0.0.1, 10.1.0.0/16 ,fd00::/8,::1")).toBe(true);
    for (const bad of ["10.0.0.300", "10.0.0.0/33", "fd00::/129", "proxy.internal", "10.0.0.0/8/1", "10.0.0.0/x"]) {
      expect(isValidProxyList(bad), bad).toBe(false);
    }
  });

  it("matches single addresses, ranges and IPv4 peers seen on a dual-stack socket", () => {
    const proxies = parseTrustedProxies("10.1.0.0/16, 192.168.1.5, fd00::/8");
    expect(proxies.trusts("10.1.200.3")).toBe(true);
    expect(proxies.trusts("::ffff:10.1.0.9")).toBe(true);
    expect(proxies.trusts("192.168.1.5")).toBe(true);
    expect(proxies.trusts("fd00::1234")).toBe(true);
    expect(proxies.trusts("10.2.0.1")).toBe(false);
    expect(proxies.trusts("192.168.1.6")).toBe(false);
    expect(proxies.trusts("not-an-ip")).toBe(false);
  });

  it("normalizes mapped and bracketed addresses", () => {
    expect(normalizeAddress("::FFFF:127.0.0.1")).toBe("127.0.0.1");
    expect(normalizeAddress("[::1]")).toBe("::1");
  });
});

describe("resolveClientAddress", () => {
  const proxies = parseTrustedProxies("10.0.0.0/8");

  it("ignores X-Forwarded-For from a peer that is not a trusted proxy", () => {
    expect(resolveClientAddress("203.0.113.7", "1.2.3.4", proxies)).toBe("203.0.113.7");
    expect(resolveClientAddress("::ffff:203.0.113.7", undefined, proxies)).toBe("203.0.113.7");
  });

  it("takes the right-most hop that is not a trusted proxy", () => {
    // The client forged "6.6.6.6"; our proxies appended the real client and themselves.
    expect(resolveClientAddress("10.0.0.2", "6.6.6.6, 198.51.100.20, 10.0.0.9", proxies)).toBe("198.51.100.20");
  });

  it("falls back to the last proxy when every hop is trusted or a hop is garbage", () => {
    expect(resolveClientAddress("10.0.0.2", "10.0.0.3", proxies)).toBe("10.0.0.3");
    expect(resolveClientAddress("10.0.0.2", "<script>, 10.0.0.4", proxies)).toBe("10.0.0.4");
    expect(resolveClientAddress("10.0.0.2", "", proxies)).toBe("10.0.0.2");
  });

  it("reports an unknown peer as unknown", () => {
    expect(resolveClientAddress(undefined, "1.2.3.4", proxies)).toBe("unknown");
  });
});

describe("clientAddressOf", () => {
  it("reads the header the custom server sets, or says unknown", () => {
    expect(clientAddressOf(new Headers({ [CLIENT_ADDRESS_HEADER]: "198.51.100.20" }))).toBe("198.51.100.20");
    expect(clientAddressOf(new Headers())).toBe("unknown");
  });
});
