import { runTransaction } from "@/db/run-transaction";
import { and, eq } from "drizzle-orm";
import { conversations, inboxes } from "@/db/schema";
import type { AgentActor } from "@/server/actor";
import { NotFoundError } from "@/server/errors";
import { getContact } from "../contact/get-contact";
import type { ServiceContext } from "../context";
import { createDelivery } from "../delivery/create-delivery";
import { appendMessage } from "../message/append-message";
import { findSentMessage, MessageAlreadyStored } from "../message/find-sent-message";
import { recordEvent } from "../outbox/record-event";
import type { StartConversationInput } from "./schemas";

/**
 * An agent reaches out to a contact on a channel the contact already uses (their website chat,
 * the app through the API): a new open conversation, assigned to the agent, with their first
 * message. The contact sees it the next time that channel asks for their conversation.
 */
export async function startConversation(
  ctx: ServiceContext,
  actor: AgentActor,
  input: StartConversationInput,
): Promise<{ conversationId: string; created: boolean }> {
  const { workspaceId } = actor;
  try {
    const result = await runTransaction(
      ctx.db,
      async (tx) => {
        const contact = await getContact(tx, actor, input.contactId);
        const inbox = contact.reachableInboxes.find((candidate) => candidate.id === input.inboxId);
        if (!inbox) throw new NotFoundError("This contact cannot be reached on that inbox");
        // The same click sent twice: the first one's conversation is the answer.
        const sender = { kind: "agent", userId: actor.userId } as const;
        const stored = await findSentMessage(tx, { workspaceId, sender, clientMessageId: input.clientMessageId });
        if (stored) return { conversationId: stored.conversationId, created: false, events: [] };
        const [conversation] = await tx
          .insert(conversations)
          .values({
            workspaceId,
            inboxId: inbox.id,
            contactId: contact.id,
            assigneeId: actor.userId,
            assignedAt: new Date(),
          })
          .returning();
        if (!conversation) throw new Error("conversation insert returned nothing");
        const created = await recordEvent(tx, {
          workspaceId,
          type: "conversation.created",
          conversationId: conversation.id,
          payload: { conversationId: conversation.id, inboxId: inbox.id, contactId: contact.id },
        });
        // An API inbox with a callback URL delivers the message as a signed webhook, like any agent reply.
        const [row] = await tx
          .select({ callbackUrl: inboxes.callbackUrl })
          .from(inboxes)
          .where(and(eq(inboxes.workspaceId, workspaceId), eq(inboxes.id, inbox.id)));
        const viaCallback = inbox.channelType === "api" && !!row?.callbackUrl;
        const appended = await appendMessage(tx, {
          workspaceId,
          conversationId: conversation.id,
          direction: "outbound",
          senderType: "agent",
          senderUserId: actor.userId,
          body: input.body,
          clientMessageId: input.clientMessageId,
          deliveryStatus: viaCallback ? "queued" : "sent",
        });
        if (viaCallback && appended.created) {
          await createDelivery(tx, { workspaceId, inboxId: inbox.id, messageId: appended.message.id });
        }
        return { conversationId: conversation.id, created: true, events: [created, ...appended.events] };
      },
      { idempotent: true, onRetry: ctx.onTransientRetry },
    );
    await ctx.dispatcher.dispatch(result.events);
    return { conversationId: result.conversationId, created: result.created };
  } catch (error) {
    // Two concurrent sends of the same click: the one that stored first is the answer.
    if (!(error instanceof MessageAlreadyStored)) throw error;
    return { conversationId: error.stored.conversationId, created: false };
  }
}
