import { index, jsonb, pgTable, text, uniqueIndex } from "drizzle-orm/pg-core";
import { at, primaryId, timestamps, workspaceId } from "./columns";
import { inboxes } from "./inboxes";

export const contacts = pgTable(
  "contacts",
  {
    id: primaryId("contact"),
    workspaceId: workspaceId(),
    name: text("name"),
    email: text("email"),
    phone: text("phone"),
    attributes: jsonb("attributes").$type<Record<string, unknown>>().notNull().default({}),
    lastSeenAt: at("last_seen_at"),
    ...timestamps,
  },
  (t) => [
    index("contacts_workspace_created_idx").on(t.workspaceId, t.createdAt),
    index("contacts_workspace_email_idx").on(t.workspaceId, t.email),
  ],
);

/**
 * How a channel recognises a contact (a widget visitor id, an email address, a phone
 * number, a Messenger PSID…). Unique per workspace so every channel lands on one contact.
 */
export const contactIdentities = pgTable(
  "contact_identities",
  {
    id: primaryId("contactIdentity"),
    workspaceId: workspaceId(),
    contactId: text("contact_id")
      .notNull()
      .references(() => contacts.id, { onDelete: "cascade" }),
    kind: text("kind").notNull(),
    value: text("value").notNull(),
    sourceInboxId: text("source_inbox_id").references(() => inboxes.id, { onDelete: "set null" }),
    ...timestamps,
  },
  (t) => [
    uniqueIndex("contact_identities_workspace_kind_value_unique").on(t.workspaceId, t.kind, t.value),
    index("contact_identities_contact_idx").on(t.contactId),
  ],
);
