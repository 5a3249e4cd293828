import { randomBytes } from "node:crypto";

/** The key a host application signs its user ids with: 32 random bytes, hex. */
export const newIdentitySecret = () => randomBytes(32).toString("hex");

/** A Standard Webhooks signing secret: `whsec_` and base64 of 32 random bytes. */
export const newWebhookSecret = () => `whsec_${randomBytes(32).toString("base64")}`;
