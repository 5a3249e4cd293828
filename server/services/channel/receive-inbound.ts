import { and, eq } from "drizzle-orm";
import type { Transaction } from "@/db";
import { runTransaction } from "@/db/run-transaction";
import { contacts, conversations, inboundEvents, messages } from "@/db/schema";
import type { ChannelInbox, InboundEvent, Sender } from "@/server/channels/contract";
import { ConflictError, NotFoundError } from "@/server/errors";
import { resolveContact } from "../contact/resolve-contact";
import type { ServiceContext } from "../context";
import type { ConversationRow } from "../conversation/views";
import { appendMessage } from "../message/append-message";
import { MessageAlreadyStored } from "../message/find-sent-message";
import { toMessageView, type MessageView } from "../message/views";
import { recordContactRead } from "../conversation/record-contact-read";
import { recordEvent, type StoredEvent } from "../outbox/record-event";
import { findOpenConversation } from "../widget/find-open-conversation";

export type InboundOutcome =
  | {
      type: "message";
      providerEventId: string;
      message: MessageView;
      contactId: string;
      conversationId: string;
      /** False when this event was received before: the stored message is returned. */
      created: boolean;
      conversationCreated: boolean;
    }
  | { type: "read_receipt"; providerEventId: string; conversationId: string | null; contactLastReadSeq: number | null }
  | { type: "typing"; providerEventId: string };

type Stored = { outcome: InboundOutcome; events: StoredEvent[] };

/**
 * Stores a verified, parsed batch of one inbox's events, whatever the channel. Each message
 * is its own transaction keyed by (inbox, provider event id), so a provider's retry, even one
 * racing the original on another connection, stores one message and gets it back. Events are
 * handed to realtime after each commit.
 * Typing indicators are accepted and dropped: nothing shows them to agents yet.
 */
export async function receiveInbound(
  ctx: ServiceContext,
  inbox: ChannelInbox,
  batch: InboundEvent[],
): Promise<InboundOutcome[]> {
  const outcomes: InboundOutcome[] = [];
  for (const event of batch) {
    const stored = await receiveOne(ctx, inbox, event);
    await ctx.dispatcher.dispatch(stored.events);
    outcomes.push(stored.outcome);
  }
  return outcomes;
}

async function receiveOne(ctx: ServiceContext, inbox: ChannelInbox, event: InboundEvent): Promise<Stored> {
  if (event.type === "typing")
    return { outcome: { type: "typing", providerEventId: event.providerEventId }, events: [] };
  if (event.type === "message") {
    try {
      return await runTransaction(ctx.db, (tx) => storeMessage(tx, inbox, event), {
        idempotent: true,
        onRetry: ctx.onTransientRetry,
      });
    } catch (error) {
      // The sender's client message id was stored by a racing request under another event id.
      if (!(error instanceof MessageAlreadyStored)) throw error;
      return { outcome: messageOutcome(event.providerEventId, error.stored, false, false), events: [] };
    }
  }
  return runTransaction(ctx.db, (tx) => storeReadReceipt(tx, inbox, event), { onRetry: ctx.onTransientRetry });
}

function messageOutcome(
  providerEventId: string,
  row: typeof messages.$inferSelect,
  created: boolean,
  conversationCreated: boolean,
): InboundOutcome {
  return {
    type: "message",
    providerEventId,
    message: toMessageView(row),
    contactId: row.senderContactId ?? "",
    conversationId: row.conversationId,
    created,
    conversationCreated,
  };
}

/** The name a new contact gets until they give one: stable per sender, short enough for a list. */
function fallbackNameOf(sender: Sender): string {
  const identity = sender.identities[0];
  if (!identity) return "Customer";
  const tag = identity.value
    .replace(/[^A-Za-z0-9]/g, "")
    .slice(-4)
    .toUpperCase();
  return identity.kind === "web_visitor" ? `Visitor ${tag}` : `Customer ${tag}`;
}

async function storeMessage(
  tx: Transaction,
  inbox: ChannelInbox,
  event: Extract<InboundEvent, { type: "message" }>,
): Promise<Stored> {
  const workspaceId = inbox.workspaceId;
  // Claims the event id; a concurrent twin waits here for our commit, then finds the row.
  const [claimed] = await tx
    .insert(inboundEvents)
    .values({ workspaceId, inboxId: inbox.id, providerEventId: event.providerEventId })
    .onConflictDoNothing()
    .returning({ id: inboundEvents.id });
  if (!claimed) {
    const [previous] = await tx
      .select({ message: messages })
      .from(inboundEvents)
      .innerJoin(messages, eq(messages.id, inboundEvents.messageId))
      .where(and(eq(inboundEvents.inboxId, inbox.id), eq(inboundEvents.providerEventId, event.providerEventId)));
    if (!previous) throw new ConflictError("This event was received already and its message no longer exists");
    return { outcome: messageOutcome(event.providerEventId, previous.message, false, false), events: [] };
  }

  const resolved = await resolveContact(tx, {
    workspaceId,
    inboxId: inbox.id,
    sender: event.sender,
    fallbackName: fallbackNameOf(event.sender),
  });
  const events: StoredEvent[] = [...resolved.events];
  const contactId = resolved.contactId;
  // Locks the contact: one sender's concurrent first messages share one new conversation.
  await tx.update(contacts).set({ lastSeenAt: event.occurredAt }).where(eq(contacts.id, contactId));

  let conversationCreated = false;
  let conversation: ConversationRow | null;
  if (event.conversationId) {
    conversation = await requireOwnConversation(tx, inbox, contactId, event.conversationId);
    if (conversation.status === "resolved") events.push(await reopen(tx, conversation));
  } else {
    conversation = await findOpenConversation(tx, { workspaceId, inboxId: inbox.id, contactId });
  }
  if (!conversation) {
    const [created] = await tx.insert(conversations).values({ workspaceId, inboxId: inbox.id, contactId }).returning();
    if (!created) throw new Error("conversation insert returned nothing");
    conversation = created;
    conversationCreated = true;
    events.push(
      await recordEvent(tx, {
        workspaceId,
        type: "conversation.created",
        conversationId: created.id,
        payload: { conversationId: created.id, inboxId: inbox.id, contactId },
      }),
    );
  }

  const appended = await appendMessage(tx, {
    workspaceId,
    conversationId: conversation.id,
    direction: "inbound",
    senderType: "contact",
    senderContactId: contactId,
    body: event.body,
    clientMessageId: event.clientMessageId ?? null,
    deliveryStatus: "delivered",
  });
  await tx.update(inboundEvents).set({ messageId: appended.message.id }).where(eq(inboundEvents.id, claimed.id));
  return {
    outcome: messageOutcome(event.providerEventId, appended.message, appended.created, conversationCreated),
    events: [...events, ...appended.events],
  };
}

/** The sender's own conversation in this inbox; anyone else's is "not found", never "forbidden". */
async function requireOwnConversation(
  tx: Transaction,
  inbox: ChannelInbox,
  contactId: string,
  conversationId: string,
): Promise<ConversationRow> {
  const [row] = await tx
    .select()
    .from(conversations)
    .where(
      and(
        eq(conversations.workspaceId, inbox.workspaceId),
        eq(conversations.inboxId, inbox.id),
        eq(conversations.contactId, contactId),
        eq(conversations.id, conversationId),
      ),
    );
  if (!row) throw new NotFoundError("Conversation not found");
  return row;
}

/** A customer writing into a resolved conversation reopens it, as an agent would. */
async function reopen(tx: Transaction, conversation: ConversationRow): Promise<StoredEvent> {
  await tx.update(conversations).set({ status: "open", resolvedAt: null }).where(eq(conversations.id, conversation.id));
  return recordEvent(tx, {
    workspaceId: conversation.workspaceId,
    type: "conversation.updated",
    conversationId: conversation.id,
    payload: { conversationId: conversation.id, status: "open", reopenedBy: "contact" },
  });
}

/** Moves the customer's read mark forward (never back) and tells agents when it moved. */
async function storeReadReceipt(
  tx: Transaction,
  inbox: ChannelInbox,
  event: Extract<InboundEvent, { type: "delivery_receipt" | "read_receipt" }>,
): Promise<Stored> {
  const ignored: Stored = {
    outcome: {
      type: "read_receipt",
      providerEventId: event.providerEventId,
      conversationId: null,
      contactLastReadSeq: null,
    },
    events: [],
  };
  // Delivery receipts are tracked per delivery by the outbound side.
  if (event.type === "delivery_receipt") return ignored;
  let position = event.position;
  if (!position) {
    const [message] = await tx
      .select({ conversationId: messages.conversationId, seq: messages.seq })
      .from(messages)
      .innerJoin(conversations, eq(conversations.id, messages.conversationId))
      .where(
        and(
          eq(messages.workspaceId, inbox.workspaceId),
          eq(conversations.inboxId, inbox.id),
          eq(messages.id, event.providerMessageId),
        ),
      );
    if (!message) return ignored;
    position = message;
  }
  const read = await recordContactRead(
    tx,
    { workspaceId: inbox.workspaceId, inboxId: inbox.id, conversationId: position.conversationId },
    position.seq,
  );
  return {
    outcome: {
      type: "read_receipt",
      providerEventId: event.providerEventId,
      conversationId: read.conversationId,
      contactLastReadSeq: read.contactLastReadSeq,
    },
    events: read.events,
  };
}
