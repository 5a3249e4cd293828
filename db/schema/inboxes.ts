import { boolean, index, jsonb, pgEnum, pgTable, text } from "drizzle-orm/pg-core";
import { primaryId, timestamps, workspaceId } from "./columns";

export const channelType = pgEnum("channel_type", [
  "web_widget",
  "api",
  "email",
  "sms",
  "whatsapp",
  "messenger",
  "instagram",
  "telegram",
]);
export type ChannelType = (typeof channelType.enumValues)[number];

/** One inbox per channel instance; `publicToken` is what an embed or webhook names it by. */
export const inboxes = pgTable(
  "inboxes",
  {
    id: primaryId("inbox"),
    workspaceId: workspaceId(),
    channelType: channelType("channel_type").notNull(),
    name: text("name").notNull(),
    publicToken: text("public_token").notNull().unique("inboxes_public_token_unique"),
    /** Presentation and channel options: `greeting`, `color`… */
    config: jsonb("config").$type<Record<string, unknown>>().notNull().default({}),
    /** HMAC key the host application signs its user ids with (`userHash`); null until generated. */
    identitySecret: text("identity_secret"),
    /** When set, a widget or API user without a valid `userHash` is refused instead of kept unverified. */
    enforceIdentity: boolean("enforce_identity").notNull().default(false),
    /** API inboxes: where agent replies are delivered as signed webhooks. */
    callbackUrl: text("callback_url"),
    /** API inboxes: the Standard Webhooks signing secret (`whsec_…`) for callback deliveries. */
    webhookSecret: text("webhook_secret"),
    /** The team a new conversation of this inbox goes to unless a routing rule says otherwise. */
    defaultTeamId: text("default_team_id"),
    ...timestamps,
  },
  (t) => [index("inboxes_workspace_idx").on(t.workspaceId)],
);
