import { eq } from "drizzle-orm";
import type { Transaction } from "@/db";
import { runTransaction } from "@/db/run-transaction";
import { contacts, conversations } from "@/db/schema";
import type { Sender } from "@/server/channels/contract";
import { errorKind, UnauthorizedError } from "@/server/errors";
import type { LimitName } from "@/server/limits/policies";
import { resolveContact } from "../contact/resolve-contact";
import type { ServiceContext } from "../context";
import { appendMessage } from "../message/append-message";
import { appendToOpenConversation } from "./append-to-open-conversation";
import { findSentMessage, MessageAlreadyStored } from "../message/find-sent-message";
import { toMessageView, type MessageView } from "../message/views";
import { recordEvent, type StoredEvent } from "../outbox/record-event";
import { findOpenConversation } from "./find-open-conversation";
import { findVisitorContactId, resolveVisitor, type Visitor } from "./resolve-visitor";
import type { SendWidgetMessageInput } from "./schemas";
import type { WidgetContext, WidgetRequester } from "./context";
import { verifyWidgetIdentity } from "./verify-widget-identity";
import { visitorFallbackName, visitorIdentity } from "./visitor-identity";

/** Counts what already happened: being over the limit now only refuses the next attempt. */
async function countQuietly(ctx: WidgetContext, name: LimitName, subject: string): Promise<void> {
  await ctx.limits.consume(name, subject).catch((error: unknown) => {
    if (errorKind(error) !== "TOO_MANY_REQUESTS") throw error;
  });
}

/**
 * The visitor's contact. A returning visitor without identity claims already has one (no query);
 * a first message or a host-page identity goes through resolveContact, which creates the contact,
 * attaches the user id, or merges this visitor into the verified user's contact.
 */
async function contactOf(
  tx: Transaction,
  visitor: Visitor,
  claim: Sender | null,
): Promise<{ contactId: string; events: StoredEvent[] }> {
  if (!claim && visitor.contactId) return { contactId: visitor.contactId, events: [] };
  const resolved = await resolveContact(tx, {
    workspaceId: visitor.inbox.workspaceId,
    inboxId: visitor.inbox.id,
    sender: { ...claim, identities: [visitorIdentity(visitor.visitorId), ...(claim?.identities ?? [])] },
    fallbackName: visitorFallbackName(visitor.visitorId),
  });
  if (claim && visitor.contactId !== resolved.contactId) {
    // The token's visitor belongs to someone else who signed in on this browser; the widget opens a new session.
    const holder = await findVisitorContactId(tx, visitor.inbox.workspaceId, visitor.visitorId);
    if (holder !== resolved.contactId) throw new UnauthorizedError(OTHER_USERS_VISITOR_MESSAGE);
  }
  return { contactId: resolved.contactId, events: resolved.events };
}

const OTHER_USERS_VISITOR_MESSAGE = "This chat session belongs to another signed-in user; reload the page";

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
  // A refused identity stops here: nothing is counted, stored or shown.
  const claim = verifyWidgetIdentity(visitor.inbox, input.identity);
  await ctx.limits.consume("widgetMessagesPerVisitor", visitor.visitorId);
  const clearNewConversation = async () => {
    await ctx.limits.assertOpen("widgetConversationsPerVisitor", visitor.visitorId);
    await ctx.limits.assertOpen("widgetConversationsPerAddress", requester.clientAddress);
  };
  // The common case, a message in an open conversation, in one statement; an identity claim is resolved first.
  const appended =
    visitor.contactId && !claim ? await appendToOpenConversation(ctx, visitor, visitor.contactId, input) : null;
  if (appended) {
    await ctx.dispatcher.dispatch(appended.events);
    const { message, created } = appended;
    return { message: toMessageView(message), conversationId: message.conversationId, created };
  }
  // A visitor without a contact yet is certainly starting a conversation.
  let mayStartConversation = !visitor.contactId;
  if (mayStartConversation) await clearNewConversation();

  const attempt = () =>
    runTransaction(ctx.db, (tx) => storeWidgetMessage(tx, visitor, claim, input, mayStartConversation), {
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
  claim: Sender | null,
  input: SendWidgetMessageInput,
  mayStartConversation: boolean,
) {
  const workspaceId = visitor.inbox.workspaceId;
  const { contactId, events: contactEvents } = await contactOf(tx, visitor, claim);
  // Locks the contact, serialising a visitor's concurrent sends (first ones share one conversation).
  await tx.update(contacts).set({ lastSeenAt: new Date() }).where(eq(contacts.id, contactId));
  // A retry of a message already stored (even in a conversation resolved since) is answered with it.
  const key = { workspaceId, sender: { kind: "contact", contactId } as const, clientMessageId: input.clientMessageId };
  const stored = await findSentMessage(tx, key);
  if (stored) return { message: stored, created: false, conversationCreated: false, events: contactEvents };
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
  return {
    ...appended,
    conversationCreated: events.length > 0,
    events: [...contactEvents, ...events, ...appended.events],
  };
}
