import { describe, expect, it } from "vitest";
import { checkPublicUrl } from "@/server/net/public-address";

const resolvingTo =
  (...addresses: string[]) =>
  async () =>
    addresses;

describe("checkPublicUrl", () => {
  it.each([
    "http://127.0.0.1/hook",
    "http://[::1]/hook",
    "http://10.0.0.5/hook",
    "http://172.16.3.4/hook",
    "http://192.168.1.1/hook",
    "http://169.254.169.254/latest/meta-data",
    "http://100.64.0.1/hook",
    "http://0.0.0.0/hook",
    "http://[fd00::1]/hook",
    "http://[fe80::1]/hook",
    "http://[::ffff:127.0.0.1]/hook",
    "http://224.0.0.1/hook",
  ])("refuses %s", async (url) => {
    await expect(checkPublicUrl(url, { allowLoopback: false })).rejects.toThrow(/public address/);
  });

  it("refuses a name that resolves to a private address, even among public ones", async () => {
    const policy = { allowLoopback: false, resolve: resolvingTo("93.184.216.34", "10.1.2.3") };
    await expect(checkPublicUrl("https://hooks.example.com/x", policy)).rejects.toThrow(/10\.1\.2\.3/);
  });

  it("accepts a public address and returns what it resolved to", async () => {
    const policy = { allowLoopback: false, resolve: resolvingTo("93.184.216.34") };
    const checked = await checkPublicUrl("https://hooks.example.com/x", policy);
    expect(checked.addresses).toEqual(["93.184.216.34"]);
    expect(checked.url.pathname).toBe("/x");
  });

  it("allows loopback only when development allows it, and never private space", async () => {
    await expect(checkPublicUrl("http://127.0.0.1:4000/hook", { allowLoopback: true })).resolves.toMatchObject({
      addresses: ["127.0.0.1"],
    });
    await expect(checkPublicUrl("http://10.0.0.1/hook", { allowLoopback: true })).rejects.toThrow(/public address/);
  });

  it.each([
    ["ftp://example.com/x", /https/],
    ["not a url", /not a valid URL/],
    ["https://user:pw@example.com/x", /user name or password/],
    [`https://example.com/${"a".repeat(3000)}`, /longer than/],
  ])("refuses %s with a clear message", async (url, message) => {
    await expect(checkPublicUrl(url, { allowLoopback: false })).rejects.toThrow(message);
  });

  it("says so when the host does not resolve", async () => {
    const policy = {
      allowLoopback: false,
      resolve: async () => {
        throw new Error("ENOTFOUND");
      },
    };
    await expect(checkPublicUrl("https://nowhere.invalid/x", policy)).rejects.toThrow(/could not be resolved/);
  });
});
