import { createHmac, randomBytes, timingSafeEqual } from "node:crypto";

/**
 * A widget visitor's credential: `{visitorId}.{signature}`, bound to one inbox. Stateless,
 * so a page view creates no rows; the contact is created with the first message.
 */
function sign(secret: string, inboxId: string, visitorId: string): string {
  return createHmac("sha256", secret).update(`visitor:${inboxId}:${visitorId}`).digest("base64url");
}

export function issueVisitorToken(secret: string, inboxId: string): { token: string; visitorId: string } {
  const visitorId = `v_${randomBytes(16).toString("base64url")}`;
  return { token: `${visitorId}.${sign(secret, inboxId, visitorId)}`, visitorId };
}

export function verifyVisitorToken(secret: string, inboxId: string, token: string): string | null {
  const dot = token.lastIndexOf(".");
  if (dot <= 0) return null;
  const visitorId = token.slice(0, dot);
  const given = Buffer.from(token.slice(dot + 1));
  const expected = Buffer.from(sign(secret, inboxId, visitorId));
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return null;
  return visitorId;
}
