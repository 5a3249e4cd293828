import type { ChannelType } from "@/db/schema";
import { inboxes } from "@/db/schema";

export type InboxRow = typeof inboxes.$inferSelect;

/** Whether a secret exists and when it was last generated; never the secret itself. */
export type SecretState = { set: boolean; rotatedAt: Date | null };

/** What admins see of an inbox. Secrets appear only in the one response that creates or rotates them. */
export type InboxView = {
  id: string;
  name: string;
  channelType: ChannelType;
  publicToken: string;
  greeting: string | null;
  color: string | null;
  enforceIdentity: boolean;
  identitySecret: SecretState;
  /** API inboxes only. */
  callbackUrl: string | null;
  webhookSecret: SecretState | null;
  createdAt: Date;
  updatedAt: Date;
};

/** Where the rotation dates are kept in the inbox's config (the secrets have no column of their own for it). */
export const ROTATED_AT = { identity: "identitySecretRotatedAt", webhook: "webhookSecretRotatedAt" } as const;

const text = (value: unknown) => (typeof value === "string" ? value : null);
const date = (value: unknown) =>
  typeof value === "string" && !Number.isNaN(Date.parse(value)) ? new Date(value) : null;

export function toInboxView(row: InboxRow): InboxView {
  return {
    id: row.id,
    name: row.name,
    channelType: row.channelType,
    publicToken: row.publicToken,
    greeting: text(row.config.greeting),
    color: text(row.config.color),
    enforceIdentity: row.enforceIdentity,
    identitySecret: { set: row.identitySecret !== null, rotatedAt: date(row.config[ROTATED_AT.identity]) },
    callbackUrl: row.channelType === "api" ? row.callbackUrl : null,
    webhookSecret:
      row.channelType === "api"
        ? { set: row.webhookSecret !== null, rotatedAt: date(row.config[ROTATED_AT.webhook]) }
        : null,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
  };
}
