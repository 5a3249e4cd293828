import { describe, expect, it } from "vitest";
import { issueVisitorToken, verifyVisitorToken } from "@/server/auth/visitor-token";
import { VisitorToken } from "@/server/services/widget/schemas";

const SECRET = "unit-test-secret-0123456789-abcdefghijklmnop";
const INBOX = "inb_06h0aaaaaaaaaaaaaaaaaaaaaa";
const OTHER_INBOX = "inb_06h0bbbbbbbbbbbbbbbbbbbbbb";

/** Replaces the character at `index` with a different base64url character. */
function flip(token: string, index: number): string {
  const at = index < 0 ? token.length + index : index;
  const replacement = token[at] === "A" ? "B" : "A";
  return `${token.slice(0, at)}${replacement}${token.slice(at + 1)}`;
}

describe("visitor tokens", () => {
  it("round-trips: a token verifies for its inbox and yields its visitor id", () => {
    const { token, visitorId } = issueVisitorToken(SECRET, INBOX);
    expect(visitorId).toMatch(/^v_[A-Za-z0-9_-]{22}$/);
    expect(token.startsWith(`${visitorId}.`)).toBe(true);
    expect(verifyVisitorToken(SECRET, INBOX, token)).toBe(visitorId);
    // What the widget sends must pass the procedure's input schema.
    expect(VisitorToken.safeParse(token).success).toBe(true);
  });

  it("issues a different visitor every time", () => {
    const tokens = Array.from({ length: 50 }, () => issueVisitorToken(SECRET, INBOX).visitorId);
    expect(new Set(tokens).size).toBe(50);
  });

  it("rejects a token minted for another inbox or signed with another secret", () => {
    const { token } = issueVisitorToken(SECRET, INBOX);
    expect(verifyVisitorToken(SECRET, OTHER_INBOX, token)).toBeNull();
    expect(verifyVisitorToken(`${SECRET}-rotated`, INBOX, token)).toBeNull();
  });

  it("rejects a tampered signature or visitor id", () => {
    const { token, visitorId } = issueVisitorToken(SECRET, INBOX);
    const signature = token.slice(visitorId.length + 1);
    const other = issueVisitorToken(SECRET, INBOX);
    const tampered = [
      flip(token, -1),
      flip(token, visitorId.length + 1),
      flip(token, 3),
      `${visitorId}.${signature.slice(0, -1)}`,
      `${visitorId}.${signature}A`,
      `${visitorId}.${signature.toUpperCase()}`,
      `${other.visitorId}.${signature}`,
      `${visitorId}.${other.token.slice(other.visitorId.length + 1)}`,
      `${visitorId}.x.${signature}`,
    ];
    for (const candidate of tampered) expect(verifyVisitorToken(SECRET, INBOX, candidate), candidate).toBeNull();
  });

  it("returns null for garbage without throwing", () => {
    const garbage = [
      "",
      ".",
      "..",
      "abc",
      ".signature",
      "visitor.",
      "v_abc.def",
      "ü.ü",
      "🙂.🙂",
      "a".repeat(5000),
      "\u0000.\u0000",
    ];
    for (const candidate of garbage) {
      expect(() => verifyVisitorToken(SECRET, INBOX, candidate)).not.toThrow();
      expect(verifyVisitorToken(SECRET, INBOX, candidate), JSON.stringify(candidate.slice(0, 20))).toBeNull();
    }
  });
});
