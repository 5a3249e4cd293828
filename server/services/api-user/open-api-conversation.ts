import { eq } from "drizzle-orm";
import { runTransaction } from "@/db/run-transaction";
import { contacts, conversations } from "@/db/schema";
import type { ApiConversation } from "@/server/channels/api/schemas";
import { resolveContact } from "../contact/resolve-contact";
import { recordEvent } from "../outbox/record-event";
import { findOpenConversation } from "../widget/find-open-conversation";
import type { ApiContext } from "./context";
import type { ApiUser } from "./require-api-user";
import { toApiConversation } from "./views";

/**
 * The user's open conversation in this inbox, or a new one: an app's "contact support" button
 * continues the current thread instead of starting another. (A first message goes through the
 * inbound pipeline instead, which does the same.)
 */
export async function openApiConversation(
  ctx: ApiContext,
  requester: ApiUser,
): Promise<{ conversation: ApiConversation; created: boolean }> {
  const { inbox } = requester;
  const result = await runTransaction(
    ctx.db,
    async (tx) => {
      const resolved = await resolveContact(tx, {
        workspaceId: inbox.workspaceId,
        inboxId: inbox.id,
        sender: { identities: [requester.identity] },
        fallbackName: `Customer ${requester.user.userId.slice(-4).toUpperCase()}`,
      });
      const contactId = resolved.contactId;
      // Locks the contact, so two taps at once open one conversation.
      await tx.update(contacts).set({ lastSeenAt: new Date() }).where(eq(contacts.id, contactId));
      const open = await findOpenConversation(tx, { workspaceId: inbox.workspaceId, inboxId: inbox.id, contactId });
      if (open) return { row: open, created: false, events: resolved.events };
      const [created] = await tx
        .insert(conversations)
        .values({ workspaceId: inbox.workspaceId, inboxId: inbox.id, contactId })
        .returning();
      if (!created) throw new Error("conversation insert returned nothing");
      const event = await recordEvent(tx, {
        workspaceId: inbox.workspaceId,
        type: "conversation.created",
        conversationId: created.id,
        payload: { conversationId: created.id, inboxId: inbox.id, contactId },
      });
      return { row: created, created: true, events: [...resolved.events, event] };
    },
    { onRetry: ctx.onTransientRetry },
  );
  await ctx.dispatcher.dispatch(result.events);
  return { conversation: toApiConversation(result.row), created: result.created };
}
