import { pgEnum, pgTable, text, uniqueIndex, index } from "drizzle-orm/pg-core";
import { at, primaryId, timestamps, workspaceId } from "./columns";

export const workspaces = pgTable("workspaces", {
  id: primaryId("workspace"),
  name: text("name").notNull(),
  slug: text("slug").notNull().unique("workspaces_slug_unique"),
  ...timestamps,
});

/** Users are people; what they may do in a workspace lives on their membership. */
export const users = pgTable("users", {
  id: primaryId("user"),
  email: text("email").notNull().unique("users_email_unique"),
  name: text("name").notNull(),
  passwordHash: text("password_hash").notNull(),
  ...timestamps,
});

export const membershipRole = pgEnum("membership_role", ["agent", "supervisor", "admin"]);
export type MembershipRole = (typeof membershipRole.enumValues)[number];

export const memberships = pgTable(
  "memberships",
  {
    id: primaryId("membership"),
    workspaceId: workspaceId(),
    userId: text("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    role: membershipRole("role").notNull().default("agent"),
    /** A deactivated member cannot sign in to the workspace, and every session they had ends. */
    deactivatedAt: at("deactivated_at"),
    ...timestamps,
  },
  (t) => [
    uniqueIndex("memberships_workspace_user_unique").on(t.workspaceId, t.userId),
    index("memberships_user_idx").on(t.userId),
  ],
);

export const teams = pgTable(
  "teams",
  {
    id: primaryId("team"),
    workspaceId: workspaceId(),
    name: text("name").notNull(),
    ...timestamps,
  },
  (t) => [uniqueIndex("teams_workspace_name_unique").on(t.workspaceId, t.name)],
);
