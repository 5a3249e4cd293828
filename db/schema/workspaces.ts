import { integer, pgEnum, pgTable, text, uniqueIndex, index } from "drizzle-orm/pg-core";
import { at, primaryId, timestamps, workspaceId } from "./columns";

export const workspaces = pgTable("workspaces", {
  id: primaryId("workspace"),
  name: text("name").notNull(),
  slug: text("slug").notNull().unique("workspaces_slug_unique"),
  /**
   * Bumped by a trigger on every write to routing configuration (rules, teams, members,
   * calendars, SLA policies), so each node may cache that configuration per version.
   */
  routingConfigVersion: integer("routing_config_version").notNull().default(0),
  ...timestamps,
});

/** Users are people; what they may do in a workspace lives on their membership. */
export const users = pgTable("users", {
  id: primaryId("user"),
  email: text("email").notNull().unique("users_email_unique"),
  name: text("name").notNull(),
  passwordHash: text("password_hash").notNull(),
  /** A small picture as a data: URL; initials are shown without one. */
  avatarUrl: text("avatar_url"),
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

/**
 * An admin's invitation to join a workspace. Only a hash of the link's token is kept, so a
 * link is shown once; inviting the same address again revokes the earlier link.
 */
export const invitations = pgTable(
  "invitations",
  {
    id: primaryId("invitation"),
    workspaceId: workspaceId(),
    email: text("email").notNull(),
    role: membershipRole("role").notNull().default("agent"),
    tokenHash: text("token_hash").notNull().unique("invitations_token_hash_unique"),
    invitedByUserId: text("invited_by_user_id").references(() => users.id, { onDelete: "set null" }),
    expiresAt: at("expires_at").notNull(),
    acceptedAt: at("accepted_at"),
    acceptedUserId: text("accepted_user_id").references(() => users.id, { onDelete: "set null" }),
    revokedAt: at("revoked_at"),
    ...timestamps,
  },
  (t) => [index("invitations_workspace_email_idx").on(t.workspaceId, t.email)],
);
