import { and, desc, eq } from "drizzle-orm";
import type { Executor } from "@/db";
import { contactIdentities, contacts, conversations, inboxes } from "@/db/schema";
import type { AgentActor } from "@/server/actor";
import { NotFoundError } from "@/server/errors";

export type ContactDetail = {
  id: string;
  name: string | null;
  email: string | null;
  phone: string | null;
  attributes: Record<string, unknown>;
  createdAt: string;
  lastSeenAt: string | null;
  identities: { kind: string; value: string }[];
  conversations: { id: string; status: string; inboxName: string; lastActivityAt: string; preview: string | null }[];
};

/** One contact with every way channels know them and their whole conversation history. */
export async function getContact(db: Executor, actor: AgentActor, contactId: string): Promise<ContactDetail> {
  const [contact] = await db
    .select()
    .from(contacts)
    .where(and(eq(contacts.workspaceId, actor.workspaceId), eq(contacts.id, contactId)));
  if (!contact) throw new NotFoundError("Contact not found");

  const identities = await db
    .select({ kind: contactIdentities.kind, value: contactIdentities.value })
    .from(contactIdentities)
    .where(and(eq(contactIdentities.workspaceId, actor.workspaceId), eq(contactIdentities.contactId, contact.id)));
  const history = await db
    .select({
      id: conversations.id,
      status: conversations.status,
      inboxName: inboxes.name,
      lastActivityAt: conversations.lastActivityAt,
      preview: conversations.lastMessagePreview,
    })
    .from(conversations)
    .innerJoin(inboxes, eq(inboxes.id, conversations.inboxId))
    .where(and(eq(conversations.workspaceId, actor.workspaceId), eq(conversations.contactId, contact.id)))
    .orderBy(desc(conversations.lastActivityAt))
    .limit(50);

  return {
    id: contact.id,
    name: contact.name,
    email: contact.email,
    phone: contact.phone,
    attributes: contact.attributes,
    createdAt: contact.createdAt.toISOString(),
    lastSeenAt: contact.lastSeenAt?.toISOString() ?? null,
    identities: identities.map((identity) => ({
      kind: identity.kind,
      // A visitor id is a credential component; agents only need to know it exists.
      value: identity.kind === "web_visitor" ? `${identity.value.slice(0, 6)}…` : identity.value,
    })),
    conversations: history.map((row) => ({ ...row, lastActivityAt: row.lastActivityAt.toISOString() })),
  };
}
