import { describe, expect, it } from "vitest";
import { createVisitorKeyRing, issueVisitorToken, verifyVisitorToken } from "@/server/auth/visitor-token";
import { VisitorToken } from "@/server/services/widget/schemas";

const SECRET = "unit-test-secret-0123456789-abcdefghijklmnop";
const NEXT_SECRET = "unit-test-secret-rotated-9876543210-zyxwvuts";
const INBOX = "inb_06h0aaaaaaaaaaaaaaaaaaaaaa";
const OTHER_INBOX = "inb_06h0bbbbbbbbbbbbbbbbbbbbbb";
const DAY = 86_400;
const NOW = 1_800_000_000;

const ring = createVisitorKeyRing({ secret: SECRET, ttlDays: 30 });

/** Replaces the character at `index` with a different base64url character. */
function flip(token: string, index: number): string {
  const at = index < 0 ? token.length + index : index;
  const replacement = token[at] === "A" ? "B" : "A";
  return `${token.slice(0, at)}${replacement}${token.slice(at + 1)}`;
}

const issuedAgo = (seconds: number, keys = ring, visitorId?: string) =>
  issueVisitorToken(keys, INBOX, { issuedAt: NOW - seconds, visitorId });

describe("visitor tokens", () => {
  it("round-trips: version, key id, visitor id, issue time and a signature that verifies for its inbox", () => {
    const { token, visitorId } = issuedAgo(0);
    expect(visitorId).toMatch(/^v_[A-Za-z0-9_-]{22}$/);
    const [version, keyId, id, issuedAt, signature] = token.split(".");
    expect(version).toBe("v1");
    expect(keyId).toMatch(/^[A-Za-z0-9_-]{8}$/);
    expect(id).toBe(visitorId);
    expect(parseInt(issuedAt ?? "", 36)).toBe(NOW);
    expect(signature).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(verifyVisitorToken(ring, INBOX, token, NOW)).toEqual({
      ok: true,
      visitorId,
      issuedAt: NOW,
      needsRenewal: false,
    });
    // What the widget sends must pass the procedure's input schema.
    expect(VisitorToken.safeParse(token).success).toBe(true);
  });

  it("issues a different visitor every time", () => {
    const tokens = Array.from({ length: 50 }, () => issueVisitorToken(ring, INBOX).visitorId);
    expect(new Set(tokens).size).toBe(50);
  });

  it("expires after the ring's lifetime and asks for renewal once older than the renewal age", () => {
    expect(ring.ttlSeconds).toBe(30 * DAY);
    expect(verifyVisitorToken(ring, INBOX, issuedAgo(DAY - 1).token, NOW)).toMatchObject({ needsRenewal: false });
    expect(verifyVisitorToken(ring, INBOX, issuedAgo(DAY).token, NOW)).toMatchObject({ ok: true, needsRenewal: true });
    expect(verifyVisitorToken(ring, INBOX, issuedAgo(30 * DAY - 1).token, NOW)).toMatchObject({ ok: true });
    expect(verifyVisitorToken(ring, INBOX, issuedAgo(30 * DAY).token, NOW)).toEqual({ ok: false, reason: "expired" });
    const shortLived = createVisitorKeyRing({ secret: SECRET, ttlDays: 1 });
    expect(verifyVisitorToken(shortLived, INBOX, issuedAgo(DAY).token, NOW)).toEqual({ ok: false, reason: "expired" });
    expect(verifyVisitorToken(shortLived, INBOX, issuedAgo(DAY / 2).token, NOW)).toMatchObject({ needsRenewal: true });
  });

  it("rejects a token issued in the future beyond clock drift", () => {
    expect(verifyVisitorToken(ring, INBOX, issuedAgo(-60).token, NOW)).toMatchObject({ ok: true });
    expect(verifyVisitorToken(ring, INBOX, issuedAgo(-3600).token, NOW)).toEqual({ ok: false, reason: "invalid" });
  });

  it("renewal keeps the visitor id", () => {
    const old = issuedAgo(2 * DAY);
    const verified = verifyVisitorToken(ring, INBOX, old.token, NOW);
    if (!verified.ok) throw new Error("old token should verify");
    const renewed = issueVisitorToken(ring, INBOX, { visitorId: verified.visitorId, issuedAt: NOW });
    expect(renewed.token).not.toBe(old.token);
    expect(verifyVisitorToken(ring, INBOX, renewed.token, NOW)).toMatchObject({
      ok: true,
      visitorId: old.visitorId,
      needsRenewal: false,
    });
  });

  it("accepts tokens of a previous secret after rotation, marked for renewal, and signs only with the new one", () => {
    const before = issuedAgo(60);
    const rotated = createVisitorKeyRing({ secret: NEXT_SECRET, previousSecrets: [SECRET], ttlDays: 30 });
    expect(verifyVisitorToken(rotated, INBOX, before.token, NOW)).toMatchObject({
      ok: true,
      visitorId: before.visitorId,
      needsRenewal: true,
    });
    const after = issueVisitorToken(rotated, INBOX, { visitorId: before.visitorId, issuedAt: NOW });
    expect(after.token.split(".")[1]).not.toBe(before.token.split(".")[1]);
    expect(verifyVisitorToken(rotated, INBOX, after.token, NOW)).toMatchObject({ ok: true, needsRenewal: false });
    // The old ring does not know the new key; once the old secret is dropped, its tokens stop working.
    expect(verifyVisitorToken(ring, INBOX, after.token, NOW)).toEqual({ ok: false, reason: "invalid" });
    const dropped = createVisitorKeyRing({ secret: NEXT_SECRET, ttlDays: 30 });
    expect(verifyVisitorToken(dropped, INBOX, before.token, NOW)).toEqual({ ok: false, reason: "invalid" });
  });

  it("rejects a token minted for another inbox, signed with another secret, or claiming another key", () => {
    const { token } = issuedAgo(0);
    expect(verifyVisitorToken(ring, OTHER_INBOX, token, NOW)).toEqual({ ok: false, reason: "invalid" });
    const stranger = createVisitorKeyRing({ secret: NEXT_SECRET, ttlDays: 30 });
    expect(verifyVisitorToken(stranger, INBOX, token, NOW)).toEqual({ ok: false, reason: "invalid" });
    const strangerKey = issueVisitorToken(stranger, INBOX).token.split(".")[1];
    const [, , ...rest] = token.split(".");
    expect(verifyVisitorToken(ring, INBOX, ["v1", strangerKey, ...rest].join("."), NOW)).toMatchObject({ ok: false });
  });

  it("rejects a tampered signature, visitor id or issue time", () => {
    const { token, visitorId } = issuedAgo(2 * DAY);
    const [version, keyId, , issuedAt = "", signature = ""] = token.split(".");
    const other = issuedAgo(0);
    const tampered = [
      flip(token, -1),
      flip(token, token.length - signature.length),
      flip(token, token.indexOf(visitorId) + 3),
      [version, keyId, visitorId, (parseInt(issuedAt, 36) + DAY).toString(36), signature].join("."),
      [version, keyId, visitorId, issuedAt, signature.slice(0, -1)].join("."),
      [version, keyId, visitorId, issuedAt, `${signature}A`].join("."),
      [version, keyId, visitorId, issuedAt, signature.toUpperCase()].join("."),
      [version, keyId, other.visitorId, issuedAt, signature].join("."),
      ["v2", keyId, visitorId, issuedAt, signature].join("."),
      [version, keyId, visitorId, issuedAt, "x", signature].join("."),
      // The old stateless format is no longer accepted.
      `${visitorId}.${signature}`,
    ];
    for (const candidate of tampered) {
      expect(verifyVisitorToken(ring, INBOX, candidate, NOW), candidate).toEqual({ ok: false, reason: "invalid" });
    }
  });

  it("returns invalid for garbage without throwing", () => {
    const garbage = [
      "",
      ".",
      "....",
      "abc",
      ".signature",
      "visitor.",
      "v_abc.def",
      "v1.a.b.c.d",
      "ü.ü.ü.ü.ü",
      "🙂.🙂",
      "a".repeat(5000),
      "\u0000.\u0000",
    ];
    for (const candidate of garbage) {
      expect(() => verifyVisitorToken(ring, INBOX, candidate)).not.toThrow();
      expect(verifyVisitorToken(ring, INBOX, candidate), JSON.stringify(candidate.slice(0, 20))).toEqual({
        ok: false,
        reason: "invalid",
      });
    }
  });
});
