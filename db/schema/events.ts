import { sql } from "drizzle-orm";
import { bigserial, index, integer, jsonb, pgTable, text } from "drizzle-orm/pg-core";
import { at, workspaceId } from "./columns";

/**
 * The transactional outbox: every domain event is written in the same transaction as
 * the change it describes, then published. Unpublished rows are retried by the relay,
 * so a crash between commit and publish delays an event but never loses it.
 */
export const events = pgTable(
  "events",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    workspaceId: workspaceId(),
    type: text("type").notNull(),
    conversationId: text("conversation_id"),
    payload: jsonb("payload").$type<Record<string, unknown>>().notNull(),
    createdAt: at("created_at").notNull().defaultNow(),
    publishedAt: at("published_at"),
    publishAttempts: integer("publish_attempts").notNull().default(0),
  },
  (t) => [
    index("events_unpublished_idx")
      .on(t.id)
      .where(sql`${t.publishedAt} is null`),
    index("events_workspace_created_idx").on(t.workspaceId, t.createdAt),
  ],
);
