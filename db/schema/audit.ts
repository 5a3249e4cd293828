import { index, jsonb, pgTable, text } from "drizzle-orm/pg-core";
import { at, primaryId, workspaceId } from "./columns";
import { users } from "./workspaces";

/** Who changed what in a workspace's configuration, and when. Written in the change's transaction. */
export const auditLog = pgTable(
  "audit_log",
  {
    id: primaryId("auditEntry"),
    workspaceId: workspaceId(),
    actorUserId: text("actor_user_id").references(() => users.id, { onDelete: "set null" }),
    /** `inbox.created`, `inbox.identity_secret_rotated`, `member.role_changed`, `delivery.replayed`… */
    action: text("action").notNull(),
    targetType: text("target_type").notNull(),
    targetId: text("target_id").notNull(),
    details: jsonb("details").$type<Record<string, unknown>>().notNull().default({}),
    createdAt: at("created_at").notNull().defaultNow(),
  },
  (t) => [index("audit_log_workspace_created_idx").on(t.workspaceId, t.createdAt.desc())],
);
