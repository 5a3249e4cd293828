import type { Database } from "@/db";
import { issueVisitorToken, verifyVisitorToken } from "@/server/auth/visitor-token";
import { findOpenConversation } from "./find-open-conversation";
import { requireWidgetInbox, resolveVisitorOfInbox } from "./resolve-visitor";
import type { StartWidgetSessionInput } from "./schemas";

export type WidgetSession = {
  visitorToken: string;
  inbox: { name: string; greeting: string };
  conversationId: string | null;
};

/**
 * Opens the widget: keeps a valid visitor token (same visitor, same history after a
 * reload) or issues a new one when it is missing or was minted for another inbox.
 */
export async function startWidgetSession(
  db: Database,
  secret: string,
  input: StartWidgetSessionInput,
): Promise<WidgetSession> {
  const inbox = await requireWidgetInbox(db, input.inboxToken);
  const greeting =
    typeof inbox.config.greeting === "string" ? inbox.config.greeting : "Hi there! How can we help you today?";
  const keepToken = input.visitorToken && verifyVisitorToken(secret, inbox.id, input.visitorToken);
  const visitorToken = keepToken ? (input.visitorToken as string) : issueVisitorToken(secret, inbox.id).token;

  const visitor = await resolveVisitorOfInbox(db, secret, inbox, visitorToken);
  const conversation = visitor.contactId
    ? await findOpenConversation(db, {
        workspaceId: inbox.workspaceId,
        inboxId: inbox.id,
        contactId: visitor.contactId,
      })
    : null;
  return { visitorToken, inbox: { name: inbox.name, greeting }, conversationId: conversation?.id ?? null };
}
