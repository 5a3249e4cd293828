import { createHash, createHmac, hkdfSync, randomBytes, timingSafeEqual } from "node:crypto";

/**
 * A widget visitor's credential, bound to one inbox and stateless (a page view creates no
 * rows): `v1.{keyId}.{visitorId}.{issuedAt}.{signature}`. It expires after the ring's
 * lifetime; the key id names which secret signed it, so a rotated-out secret still verifies.
 */
const VERSION = "v1";
const DAY_SECONDS = 86_400;
// Clocks of app nodes may drift a little; a token from further in the future is forged.
const CLOCK_SKEW_SECONDS = 300;

type SigningKey = { id: string; key: Buffer };

export type VisitorKeyRing = {
  /** The first key signs; the others only verify, until their tokens are renewed or expire. */
  readonly keys: readonly SigningKey[];
  readonly ttlSeconds: number;
  /** A token older than this is replaced by a fresh one for the same visitor. */
  readonly renewAfterSeconds: number;
};

export type VerifiedVisitorToken =
  | { ok: true; visitorId: string; issuedAt: number; needsRenewal: boolean }
  | { ok: false; reason: "invalid" | "expired" };

function deriveKey(secret: string): SigningKey {
  const key = Buffer.from(hkdfSync("sha256", secret, "switchboard", "visitor-token v1", 32));
  return { id: createHash("sha256").update(key).digest("base64url").slice(0, 8), key };
}

export function createVisitorKeyRing(options: {
  secret: string;
  previousSecrets?: readonly string[];
  ttlDays: number;
}): VisitorKeyRing {
  const ttlSeconds = options.ttlDays * DAY_SECONDS;
  return {
    keys: [options.secret, ...(options.previousSecrets ?? [])].map(deriveKey),
    ttlSeconds,
    renewAfterSeconds: Math.min(DAY_SECONDS, Math.floor(ttlSeconds / 2)),
  };
}

const nowSeconds = () => Math.floor(Date.now() / 1000);

function sign(key: SigningKey, inboxId: string, visitorId: string, issuedAt: string): string {
  return createHmac("sha256", key.key)
    .update(`visitor:${VERSION}:${key.id}:${inboxId}:${visitorId}:${issuedAt}`)
    .digest("base64url");
}

export function issueVisitorToken(
  ring: VisitorKeyRing,
  inboxId: string,
  options: { visitorId?: string; issuedAt?: number } = {},
): { token: string; visitorId: string } {
  const key = ring.keys[0];
  if (!key) throw new Error("visitor key ring is empty");
  const visitorId = options.visitorId ?? `v_${randomBytes(16).toString("base64url")}`;
  const issuedAt = (options.issuedAt ?? nowSeconds()).toString(36);
  return {
    token: [VERSION, key.id, visitorId, issuedAt, sign(key, inboxId, visitorId, issuedAt)].join("."),
    visitorId,
  };
}

export function verifyVisitorToken(
  ring: VisitorKeyRing,
  inboxId: string,
  token: string,
  now: number = nowSeconds(),
): VerifiedVisitorToken {
  const invalid = { ok: false, reason: "invalid" } as const;
  const parts = token.split(".");
  if (parts.length !== 5) return invalid;
  const [version, keyId, visitorId, issuedAtText, signature] = parts as [string, string, string, string, string];
  if (version !== VERSION || !/^v_[A-Za-z0-9_-]{1,64}$/.test(visitorId) || !/^[0-9a-z]{1,10}$/.test(issuedAtText)) {
    return invalid;
  }
  const keyIndex = ring.keys.findIndex((candidate) => candidate.id === keyId);
  const key = ring.keys[keyIndex];
  if (!key) return invalid;
  const given = Buffer.from(signature);
  const expected = Buffer.from(sign(key, inboxId, visitorId, issuedAtText));
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return invalid;

  const issuedAt = parseInt(issuedAtText, 36);
  if (issuedAt > now + CLOCK_SKEW_SECONDS) return invalid;
  const age = now - issuedAt;
  if (age >= ring.ttlSeconds) return { ok: false, reason: "expired" };
  return { ok: true, visitorId, issuedAt, needsRenewal: keyIndex > 0 || age >= ring.renewAfterSeconds };
}
