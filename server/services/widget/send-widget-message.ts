import { eq } from "drizzle-orm";
import type { Transaction } from "@/db";
import { runTransaction } from "@/db/run-transaction";
import { contactIdentities, contacts, conversations } from "@/db/schema";
import { errorKind } from "@/server/errors";
import type { LimitName } from "@/server/limits/policies";
import type { ServiceContext } from "../context";
import { appendMessage } from "../message/append-message";
import { findSentMessage, MessageAlreadyStored } from "../message/find-sent-message";
import { toMessageView, type MessageView } from "../message/views";
import { recordEvent, type StoredEvent } from "../outbox/record-event";
import { findOpenConversation } from "./find-open-conversation";
import { findVisitorContactId, resolveVisitor, WEB_VISITOR_IDENTITY, type Visitor } from "./resolve-visitor";
import type { SendWidgetMessageInput } from "./schemas";
import type { WidgetContext, WidgetRequester } from "./context";

/** Counts what already happened: being over the limit now only refuses the next attempt. */
async function countQuietly(ctx: WidgetContext, name: LimitName, subject: string): Promise<void> {
  await ctx.limits.consume(name, subject).catch((error: unknown) => {
    if (errorKind(error) !== "TOO_MANY_REQUESTS") throw error;
  });
}

/** First message from a visitor: the contact and its identity come into being here. */
async function ensureContact(tx: Transaction, visitor: Visitor): Promise<string> {
  if (visitor.contactId) return visitor.contactId;
  const [contact] = await tx
    .insert(contacts)
    .values({ workspaceId: visitor.inbox.workspaceId, name: `Visitor ${visitor.visitorId.slice(2, 6).toUpperCase()}` })
    .returning({ id: contacts.id });
  if (!contact) throw new Error("contact insert returned nothing");
  const [identity] = await tx
    .insert(contactIdentities)
    .values({
      workspaceId: visitor.inbox.workspaceId,
      contactId: contact.id,
      kind: WEB_VISITOR_IDENTITY,
      value: visitor.visitorId,
      sourceInboxId: visitor.inbox.id,
    })
    .onConflictDoNothing()
    .returning({ contactId: contactIdentities.contactId });
  if (identity) return identity.contactId;
  // Another tab of the same visitor won the race; use its contact and drop ours.
  await tx.delete(contacts).where(eq(contacts.id, contact.id));
  const winner = await findVisitorContactId(tx, visitor.inbox.workspaceId, visitor.visitorId);
  if (!winner) throw new Error("visitor identity vanished");
  return winner;
}

/** Thrown inside the transaction when the visitor has no open conversation and a new one was not cleared yet. */
class NewConversationNeeded extends Error {}

/**
 * Stores a visitor's message. Limits are checked before any write, so a refused send stores
 * nothing: every message counts for its visitor, and starting a conversation also counts for
 * the visitor and the client address (messages in an existing one never count per address).
 * A conversation is counted once it exists, so a visitor's concurrent first messages count once.
 * The common case, a message in an open conversation, costs no look-up outside the transaction.
 */
export async function sendWidgetMessage(
  ctx: ServiceContext & WidgetContext,
  requester: WidgetRequester,
  input: SendWidgetMessageInput,
): Promise<{ message: MessageView; conversationId: string; created: boolean }> {
  const visitor = await resolveVisitor(ctx.db, ctx.visitorKeys, input);
  await ctx.limits.consume("widgetMessagesPerVisitor", visitor.visitorId);
  const clearNewConversation = async () => {
    await ctx.limits.assertOpen("widgetConversationsPerVisitor", visitor.visitorId);
    await ctx.limits.assertOpen("widgetConversationsPerAddress", requester.clientAddress);
  };
  // A visitor without a contact yet is certainly starting a conversation.
  let mayStartConversation = !visitor.contactId;
  if (mayStartConversation) await clearNewConversation();

  const attempt = () =>
    runTransaction(ctx.db, (tx) => storeWidgetMessage(tx, visitor, input, mayStartConversation), {
      idempotent: true,
      onRetry: ctx.onTransientRetry,
    });
  let result: Awaited<ReturnType<typeof storeWidgetMessage>>;
  try {
    try {
      result = await attempt();
    } catch (error) {
      if (!(error instanceof NewConversationNeeded)) throw error;
      await clearNewConversation();
      mayStartConversation = true;
      result = await attempt();
    }
  } catch (error) {
    if (!(error instanceof MessageAlreadyStored)) throw error;
    return { message: toMessageView(error.stored), conversationId: error.stored.conversationId, created: false };
  }

  if (result.conversationCreated) {
    // Counted after the fact (the embedded database has one connection, held by the transaction).
    await countQuietly(ctx, "widgetConversationsPerVisitor", visitor.visitorId);
    await countQuietly(ctx, "widgetConversationsPerAddress", requester.clientAddress);
  }
  await ctx.dispatcher.dispatch(result.events);
  return {
    message: toMessageView(result.message),
    conversationId: result.message.conversationId,
    created: result.created,
  };
}

/** One transaction: contact, conversation (if none is open), message and their events. */
async function storeWidgetMessage(
  tx: Transaction,
  visitor: Visitor,
  input: SendWidgetMessageInput,
  mayStartConversation: boolean,
) {
  const workspaceId = visitor.inbox.workspaceId;
  const contactId = await ensureContact(tx, visitor);
  // Locks the contact, serialising a visitor's concurrent sends (first ones share one conversation).
  await tx.update(contacts).set({ lastSeenAt: new Date() }).where(eq(contacts.id, contactId));
  // A retry of a message already stored (even in a conversation resolved since) is answered with it.
  const key = { workspaceId, sender: { kind: "contact", contactId } as const, clientMessageId: input.clientMessageId };
  const stored = await findSentMessage(tx, key);
  if (stored) return { message: stored, created: false, conversationCreated: false, events: [] as StoredEvent[] };
  const events: StoredEvent[] = [];
  let conversation = await findOpenConversation(tx, { workspaceId, inboxId: visitor.inbox.id, contactId });
  if (!conversation) {
    if (!mayStartConversation) throw new NewConversationNeeded();
    const [created] = await tx
      .insert(conversations)
      .values({ workspaceId, inboxId: visitor.inbox.id, contactId })
      .returning();
    if (!created) throw new Error("conversation insert returned nothing");
    conversation = created;
    events.push(
      await recordEvent(tx, {
        workspaceId,
        type: "conversation.created",
        conversationId: created.id,
        payload: { conversationId: created.id, inboxId: created.inboxId, contactId },
      }),
    );
  }
  const appended = await appendMessage(
    tx,
    {
      workspaceId,
      conversationId: conversation.id,
      direction: "inbound",
      senderType: "contact",
      senderContactId: contactId,
      body: input.body,
      clientMessageId: input.clientMessageId,
      deliveryStatus: "delivered",
    },
    // Checked above under the contact's lock: this sender cannot race itself.
    { keyChecked: true },
  );
  return { ...appended, conversationCreated: events.length > 0, events: [...events, ...appended.events] };
}
