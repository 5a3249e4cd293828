import { text, timestamp } from "drizzle-orm/pg-core";
import { newId, type IdKind } from "../../server/ids";

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
