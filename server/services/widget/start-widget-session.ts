import { issueVisitorToken, verifyVisitorToken } from "@/server/auth/visitor-token";
import type { WidgetContext, WidgetRequester } from "./context";
import { findOpenConversation } from "./find-open-conversation";
import { findVisitorContactId, requireWidgetInbox } from "./resolve-visitor";
import type { StartWidgetSessionInput } from "./schemas";

export type WidgetSession = {
  visitorToken: string;
  /** When the widget should ask for a fresh token, if it is still open by then. */
  renewAt: Date;
  inbox: { name: string; greeting: string };
  conversationId: string | null;
};

/**
 * Opens the widget: keeps a valid visitor token (same visitor, same history after a
 * reload), renews an ageing one or one signed by a previous key for the same visitor, and
 * issues a new visitor, counted against the client address, when it is missing or invalid.
 */
export async function startWidgetSession(
  { db, visitorKeys, limits }: WidgetContext,
  requester: WidgetRequester,
  input: StartWidgetSessionInput,
): Promise<WidgetSession> {
  const inbox = await requireWidgetInbox(db, input.inboxToken);
  const greeting =
    typeof inbox.config.greeting === "string" ? inbox.config.greeting : "Hi there! How can we help you today?";
  const verified = input.visitorToken ? verifyVisitorToken(visitorKeys, inbox.id, input.visitorToken) : null;

  let visitorToken: string;
  let visitorId: string;
  let issuedAt = Math.floor(Date.now() / 1000);
  if (verified?.ok && !verified.needsRenewal) {
    ({ visitorId, issuedAt } = verified);
    visitorToken = input.visitorToken as string;
  } else if (verified?.ok) {
    ({ token: visitorToken, visitorId } = issueVisitorToken(visitorKeys, inbox.id, { visitorId: verified.visitorId }));
  } else {
    await limits.consume("widgetSessionsPerAddress", requester.clientAddress);
    ({ token: visitorToken, visitorId } = issueVisitorToken(visitorKeys, inbox.id));
  }

  const contactId = verified?.ok ? await findVisitorContactId(db, inbox.workspaceId, visitorId) : null;
  const conversation = contactId
    ? await findOpenConversation(db, { workspaceId: inbox.workspaceId, inboxId: inbox.id, contactId })
    : null;
  return {
    visitorToken,
    renewAt: new Date((issuedAt + visitorKeys.renewAfterSeconds) * 1000),
    inbox: { name: inbox.name, greeting },
    conversationId: conversation?.id ?? null,
  };
}
