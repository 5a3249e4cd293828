import { text, timestamp } from "drizzle-orm/pg-core";
import { newId, type IdKind } from "../../server/ids";
import { workspaces } from "./workspaces";

export const primaryId = (kind: IdKind) =>
  text("id")
    .primaryKey()
    .$defaultFn(() => newId(kind));

export const timestamps = {
  createdAt: timestamp("created_at", { withTimezone: true, mode: "date" }).notNull().defaultNow(),
  updatedAt: timestamp("updated_at", { withTimezone: true, mode: "date" })
    .notNull()
    .defaultNow()
    .$onUpdate(() => new Date()),
};

export const at = (name: string) => timestamp(name, { withTimezone: true, mode: "date" });

/** The tenant key every workspace-owned row carries; deleting a workspace deletes its rows. */
export const workspaceId = () =>
  text("workspace_id")
    .notNull()
    .references(() => workspaces.id, { onDelete: "cascade" });
