import { boolean, index, jsonb, pgTable, text, uniqueIndex, type AnyPgColumn } from "drizzle-orm/pg-core";
import { at, primaryId, timestamps, workspaceId } from "./columns";
import { inboxes } from "./inboxes";
import { users } from "./workspaces";

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
    /** Set while this contact is merged into another; lists and look-ups follow it to the survivor. */
    mergedIntoId: text("merged_into_id").references((): AnyPgColumn => contacts.id, { onDelete: "set null" }),
    ...timestamps,
  },
  (t) => [
    index("contacts_workspace_created_idx").on(t.workspaceId, t.createdAt),
    index("contacts_workspace_email_idx").on(t.workspaceId, t.email),
    index("contacts_workspace_phone_idx").on(t.workspaceId, t.phone),
    index("contacts_merged_into_idx").on(t.mergedIntoId),
  ],
);

/**
 * Identity kinds. `external_id` is the host application's user id, `web_visitor` an anonymous
 * widget visitor, `api_user` an anonymous end user of the API channel; channel-specific ids
 * (a Messenger PSID, a Telegram chat id) use the channel's name.
 */
export const IDENTITY_KINDS = [
  "external_id",
  "email",
  "phone",
  "web_visitor",
  "api_user",
  "whatsapp",
  "messenger",
  "instagram",
  "telegram",
] as const;
export type IdentityKind = (typeof IDENTITY_KINDS)[number];

/**
 * How a channel recognises a contact (a widget visitor id, an email address, a phone
 * number, a Messenger PSID…). Unique per workspace so every channel lands on one contact.
 * A verified identity was proven by its channel (a signed user hash, a provider-verified
 * phone); only verified identities ever merge contacts without an agent.
 */
export const contactIdentities = pgTable(
  "contact_identities",
  {
    id: primaryId("contactIdentity"),
    workspaceId: workspaceId(),
    contactId: text("contact_id")
      .notNull()
      .references(() => contacts.id, { onDelete: "cascade" }),
    kind: text("kind").$type<IdentityKind>().notNull(),
    value: text("value").notNull(),
    verified: boolean("verified").notNull().default(false),
    sourceInboxId: text("source_inbox_id").references(() => inboxes.id, { onDelete: "set null" }),
    ...timestamps,
  },
  (t) => [
    uniqueIndex("contact_identities_workspace_kind_value_unique").on(t.workspaceId, t.kind, t.value),
    index("contact_identities_contact_idx").on(t.contactId),
  ],
);

export type MergeSnapshot = {
  /** Identities and conversations that moved from the merged contact to the survivor. */
  identityIds: string[];
  conversationIds: string[];
  /** The survivor's fields before the merge filled its blanks from the merged contact. */
  survivorBefore: {
    name: string | null;
    email: string | null;
    phone: string | null;
    attributes: Record<string, unknown>;
  };
};

/** Every merge, who made it and why; undoing one restores both contacts exactly. */
export const contactMerges = pgTable(
  "contact_merges",
  {
    id: primaryId("contactMerge"),
    workspaceId: workspaceId(),
    survivorId: text("survivor_id")
      .notNull()
      .references(() => contacts.id, { onDelete: "cascade" }),
    mergedId: text("merged_id")
      .notNull()
      .references(() => contacts.id, { onDelete: "cascade" }),
    /** `verified_identity` (automatic) or `agent` (a person chose it). */
    reason: text("reason").notNull(),
    actorUserId: text("actor_user_id").references(() => users.id, { onDelete: "set null" }),
    snapshot: jsonb("snapshot").$type<MergeSnapshot>().notNull(),
    undoneAt: at("undone_at"),
    undoneByUserId: text("undone_by_user_id").references(() => users.id, { onDelete: "set null" }),
    ...timestamps,
  },
  (t) => [
    index("contact_merges_survivor_idx").on(t.workspaceId, t.survivorId),
    index("contact_merges_merged_idx").on(t.workspaceId, t.mergedId),
  ],
);

/** An agent said two contacts are not the same person: never suggest the pair again. */
export const contactDuplicateDismissals = pgTable(
  "contact_duplicate_dismissals",
  {
    workspaceId: workspaceId(),
    /** The pair in id order, so (a, b) and (b, a) are one row. */
    firstContactId: text("first_contact_id")
      .notNull()
      .references(() => contacts.id, { onDelete: "cascade" }),
    secondContactId: text("second_contact_id")
      .notNull()
      .references(() => contacts.id, { onDelete: "cascade" }),
    actorUserId: text("actor_user_id").references(() => users.id, { onDelete: "set null" }),
    createdAt: at("created_at").notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex("contact_duplicate_dismissals_pair_unique").on(t.workspaceId, t.firstContactId, t.secondContactId),
  ],
);
