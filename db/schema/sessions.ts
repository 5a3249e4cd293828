import { index, integer, pgTable, text } from "drizzle-orm/pg-core";
import { at, primaryId, workspaceId } from "./columns";
import { users } from "./workspaces";

/**
 * One row per signed-in browser. The session cookie only names a row; every request
 * checks it, so signing out, deactivation or a membership change ends it at once.
 */
export const authSessions = pgTable(
  "auth_sessions",
  {
    id: primaryId("session"),
    workspaceId: workspaceId(),
    userId: text("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    createdAt: at("created_at").notNull().defaultNow(),
    lastSeenAt: at("last_seen_at").notNull().defaultNow(),
    /** The absolute end of the session, whatever its activity. */
    expiresAt: at("expires_at").notNull(),
    revokedAt: at("revoked_at"),
    revokedReason: text("revoked_reason"),
    userAgent: text("user_agent"),
    clientAddress: text("client_address"),
  },
  (t) => [index("auth_sessions_user_idx").on(t.userId), index("auth_sessions_workspace_idx").on(t.workspaceId)],
);
export type AuthSessionRow = typeof authSessions.$inferSelect;

/**
 * Counters of rate-limit windows when no Redis is configured (rate-limiter-flexible's
 * drizzle store). Keyed by limit and subject, not by workspace: most subjects are
 * anonymous client addresses. Expired rows are swept by the limiter itself.
 */
export const rateLimits = pgTable("rate_limits", {
  key: text("key").primaryKey(),
  points: integer("points").notNull().default(0),
  expire: at("expire"),
});
