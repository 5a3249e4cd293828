import { createHmac, randomBytes, timingSafeEqual } from "node:crypto";
import type { VisitorKeyRing } from "./visitor-token";

/**
 * An API end user's credential: `u1.{keyId}.{inboxId}.{kind}.{user}.{issuedAt}.{signature}`,
 * signed with the visitor token key ring (so rotating AUTH_SECRET rotates both) under its own
 * domain, so neither kind of token passes for the other. Stateless and bound to one inbox; it
 * opens the API for `ttlSeconds` and can be exchanged for a fresh one for `refreshSeconds`.
 */
const VERSION = "u1";
const CLOCK_SKEW_SECONDS = 300;

/** `x`: a host-application user id proven by its userHash; `a`: an anonymous API user. */
export type EndUserKind = "external_id" | "api_user";
const KIND_CODES: Record<EndUserKind, string> = { external_id: "x", api_user: "a" };
const KINDS_BY_CODE: Record<string, EndUserKind> = { x: "external_id", a: "api_user" };

export type EndUserTokenPolicy = { ttlSeconds: number; refreshSeconds: number };
export const DEFAULT_END_USER_TOKEN_POLICY: EndUserTokenPolicy = { ttlSeconds: 3600, refreshSeconds: 30 * 86_400 };

export type EndUser = { inboxId: string; kind: EndUserKind; userId: string };

export type IssuedEndUserToken = { token: string; expiresAt: Date; refreshableUntil: Date };

export type VerifiedEndUserToken =
  { ok: true; user: EndUser; issuedAt: number } | { ok: false; reason: "invalid" | "expired" };

const nowSeconds = () => Math.floor(Date.now() / 1000);

function sign(key: Buffer, keyId: string, inboxId: string, kind: string, user: string, issuedAt: string): string {
  return createHmac("sha256", key)
    .update(`api-user:${VERSION}:${keyId}:${inboxId}:${kind}:${user}:${issuedAt}`)
    .digest("base64url");
}

export const newApiUserId = () => `au_${randomBytes(16).toString("base64url")}`;

export function issueEndUserToken(
  ring: VisitorKeyRing,
  user: EndUser,
  policy: EndUserTokenPolicy = DEFAULT_END_USER_TOKEN_POLICY,
  issuedAt: number = nowSeconds(),
): IssuedEndUserToken {
  const key = ring.keys[0];
  if (!key) throw new Error("token key ring is empty");
  const kind = KIND_CODES[user.kind];
  const encodedUser = Buffer.from(user.userId, "utf8").toString("base64url");
  const issued = issuedAt.toString(36);
  const signature = sign(key.key, key.id, user.inboxId, kind, encodedUser, issued);
  return {
    token: [VERSION, key.id, user.inboxId, kind, encodedUser, issued, signature].join("."),
    expiresAt: new Date((issuedAt + policy.ttlSeconds) * 1000),
    refreshableUntil: new Date((issuedAt + policy.refreshSeconds) * 1000),
  };
}

/**
 * Checks the signature in constant time, then the age: past `ttlSeconds` the token is
 * "expired" for the API; `allowExpiredUntilRefresh` accepts it until its refresh window ends.
 */
export function verifyEndUserToken(
  ring: VisitorKeyRing,
  token: string,
  options: { policy?: EndUserTokenPolicy; allowExpiredUntilRefresh?: boolean; now?: number } = {},
): VerifiedEndUserToken {
  const policy = options.policy ?? DEFAULT_END_USER_TOKEN_POLICY;
  const now = options.now ?? nowSeconds();
  const invalid = { ok: false, reason: "invalid" } as const;
  if (token.length > 600) return invalid;
  const parts = token.split(".");
  if (parts.length !== 7) return invalid;
  const [version, keyId, inboxId, kindCode, encodedUser, issuedText, signature] = parts as [
    string,
    string,
    string,
    string,
    string,
    string,
    string,
  ];
  const kind = KINDS_BY_CODE[kindCode];
  if (
    version !== VERSION ||
    !kind ||
    !/^[a-z]+_[0-9a-z]+$/.test(inboxId) ||
    !/^[A-Za-z0-9_-]{1,344}$/.test(encodedUser) ||
    !/^[0-9a-z]{1,10}$/.test(issuedText)
  ) {
    return invalid;
  }
  const key = ring.keys.find((candidate) => candidate.id === keyId);
  if (!key) return invalid;
  const given = Buffer.from(signature);
  const expected = Buffer.from(sign(key.key, key.id, inboxId, kindCode, encodedUser, issuedText));
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return invalid;

  const issuedAt = parseInt(issuedText, 36);
  if (issuedAt > now + CLOCK_SKEW_SECONDS) return invalid;
  const age = now - issuedAt;
  const limit = options.allowExpiredUntilRefresh ? policy.refreshSeconds : policy.ttlSeconds;
  if (age >= limit) return { ok: false, reason: "expired" };
  const userId = Buffer.from(encodedUser, "base64url").toString("utf8");
  return { ok: true, user: { inboxId, kind, userId }, issuedAt };
}

/** The userHash a host application's backend computes: hex HMAC-SHA256(identity secret, user id). */
export function userHashOf(identitySecret: string, userId: string): string {
  return createHmac("sha256", identitySecret).update(userId).digest("hex");
}

/** Compares a presented userHash with the expected one in constant time. */
export function userHashMatches(identitySecret: string, userId: string, presented: string): boolean {
  const expected = Buffer.from(userHashOf(identitySecret, userId), "utf8");
  const given = Buffer.from(presented.toLowerCase(), "utf8");
  return given.length === expected.length && timingSafeEqual(given, expected);
}
