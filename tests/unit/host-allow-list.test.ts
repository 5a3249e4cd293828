import { describe, expect, it } from "vitest";
import { createHostAllowList, isValidHostList } from "@/server/http/host-allow-list";

describe("host allow-list", () => {
  it("allows only loopback names on the app's port when PUBLIC_URL is unset", () => {
    const hosts = createHostAllowList({ publicUrl: undefined, allowedHosts: "", port: 3000 });
    for (const host of ["localhost:3000", "LOCALHOST:3000", "127.0.0.1:3000", "[::1]:3000"]) {
      expect(hosts.allows(host, "http", false), host).toBe(true);
    }
    for (const host of ["localhost:3001", "localhost", "evil.example:3000", "evil.example", "", "localhost:3000/x"]) {
      expect(hosts.allows(host, "http", false), host).toBe(false);
    }
    expect(hosts.allows(undefined, "http", false)).toBe(false);
  });

  it("allows PUBLIC_URL's host on its port (default ports may be omitted) and ALLOWED_HOSTS", () => {
    const hosts = createHostAllowList({
      publicUrl: "https://support.example.com",
      allowedHosts: "desk.example.com, intranet.example.com:8443",
      port: 3000,
    });
    expect(hosts.allows("support.example.com", "https", false)).toBe(true);
    expect(hosts.allows("support.example.com:443", "https", false)).toBe(true);
    expect(hosts.allows("support.example.com:8080", "https", false)).toBe(false);
    expect(hosts.allows("desk.example.com:4000", "http", false)).toBe(true);
    expect(hosts.allows("intranet.example.com:8443", "https", false)).toBe(true);
    expect(hosts.allows("intranet.example.com", "https", false)).toBe(false);
    expect(hosts.allows("support.example.com.evil.example", "https", false)).toBe(false);
    expect(hosts.allows("user@support.example.com", "https", false)).toBe(false);
  });

  it("with PUBLIC_URL set, loopback names are only for local callers", () => {
    const hosts = createHostAllowList({ publicUrl: "https://support.example.com", allowedHosts: "", port: 3000 });
    expect(hosts.allows("127.0.0.1:3000", "http", true)).toBe(true);
    expect(hosts.allows("127.0.0.1:3000", "http", false)).toBe(false);
  });

  it("validates the ALLOWED_HOSTS setting", () => {
    expect(isValidHostList("")).toBe(true);
    expect(isValidHostList("a.example.com, b.example.com:8080, [::1]:3000")).toBe(true);
    for (const bad of ["https://a.example.com", "a.example.com/path", "a.example.com:99999", "a b"]) {
      expect(isValidHostList(bad), bad).toBe(false);
    }
  });
});
