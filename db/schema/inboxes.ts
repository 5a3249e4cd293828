import { index, jsonb, pgEnum, pgTable, text } from "drizzle-orm/pg-core";
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
    config: jsonb("config").$type<Record<string, unknown>>().notNull().default({}),
    ...timestamps,
  },
  (t) => [index("inboxes_workspace_idx").on(t.workspaceId)],
);
