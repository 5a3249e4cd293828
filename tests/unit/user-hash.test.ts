import { describe, expect, it } from "vitest";
import { computeUserHash } from "@/server/services/widget/verify-widget-identity";

describe("computeUserHash", () => {
  it("is the hex HMAC-SHA256 of the user id (RFC 4231 test case 2)", () => {
    expect(computeUserHash("Jefe", "what do ya want for nothing?")).toBe(
      "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843",
    );
  });
});
