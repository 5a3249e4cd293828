import { and, desc, eq, inArray, or } from "drizzle-orm";
import type { Executor } from "@/db";
import { contactIdentities, conversations, inboxes, type ChannelType } from "@/db/schema";
import type { AgentActor } from "@/server/actor";
import { requireLiveContact } from "./require-live-contact";

/** Channels an agent can start a conversation on today (they deliver to a contact we already know there). */
export const OUTBOUND_CHANNELS: ChannelType[] = ["web_widget", "api"];

export type ContactDetail = {
  id: string;
  /** The id asked for, when it named a contact that was merged into this one since. */
  mergedFromId: string | null;
  name: string | null;
  email: string | null;
  phone: string | null;
  attributes: Record<string, unknown>;
  createdAt: string;
  lastSeenAt: string | null;
  identities: { kind: string; value: string; verified: boolean }[];
  conversations: {
    id: string;
    status: string;
    inboxId: string;
    inboxName: string;
    channelType: ChannelType;
    lastActivityAt: string;
    preview: string | null;
  }[];
  /** Inboxes the contact is reachable on where an agent may open a new conversation. */
  reachableInboxes: { id: string; name: string; channelType: ChannelType }[];
};

/**
 * One contact with every way channels know them and their whole conversation history, on
 * every channel. An id of a contact merged since opens the contact it was merged into.
 */
export async function getContact(db: Executor, actor: AgentActor, contactId: string): Promise<ContactDetail> {
  const contact = await requireLiveContact(db, actor.workspaceId, contactId);

  const identities = await db
    .select({
      kind: contactIdentities.kind,
      value: contactIdentities.value,
      verified: contactIdentities.verified,
      sourceInboxId: contactIdentities.sourceInboxId,
    })
    .from(contactIdentities)
    .where(and(eq(contactIdentities.workspaceId, actor.workspaceId), eq(contactIdentities.contactId, contact.id)));
  const history = await db
    .select({
      id: conversations.id,
      status: conversations.status,
      inboxId: inboxes.id,
      inboxName: inboxes.name,
      channelType: inboxes.channelType,
      lastActivityAt: conversations.lastActivityAt,
      preview: conversations.lastMessagePreview,
    })
    .from(conversations)
    .innerJoin(inboxes, eq(inboxes.id, conversations.inboxId))
    .where(and(eq(conversations.workspaceId, actor.workspaceId), eq(conversations.contactId, contact.id)))
    .orderBy(desc(conversations.lastActivityAt))
    .limit(100);

  const knownInboxIds = [
    ...new Set([
      ...history.map((row) => row.inboxId),
      ...identities.flatMap((row) => (row.sourceInboxId ? [row.sourceInboxId] : [])),
    ]),
  ];
  const reachable =
    knownInboxIds.length === 0
      ? []
      : await db
          .select({ id: inboxes.id, name: inboxes.name, channelType: inboxes.channelType })
          .from(inboxes)
          .where(
            and(
              eq(inboxes.workspaceId, actor.workspaceId),
              inArray(inboxes.id, knownInboxIds),
              or(...OUTBOUND_CHANNELS.map((channel) => eq(inboxes.channelType, channel))),
            ),
          )
          .orderBy(inboxes.name);

  return {
    id: contact.id,
    mergedFromId: contact.id === contactId ? null : contactId,
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
      verified: identity.verified,
    })),
    conversations: history.map((row) => ({ ...row, lastActivityAt: row.lastActivityAt.toISOString() })),
    reachableInboxes: reachable,
  };
}
