import { runTransaction } from "@/db/run-transaction";
import { issueVisitorToken, verifyVisitorToken } from "@/server/auth/visitor-token";
import type { Sender } from "@/server/channels/contract";
import { resolveContact } from "../contact/resolve-contact";
import type { ServiceContext } from "../context";
import type { WidgetContext, WidgetRequester } from "./context";
import { findOpenConversation } from "./find-open-conversation";
import { findVisitorContactId, requireWidgetInbox, type WidgetInbox } from "./resolve-visitor";
import type { StartWidgetSessionInput } from "./schemas";
import { verifyWidgetIdentity } from "./verify-widget-identity";
import { visitorFallbackName, visitorIdentity } from "./visitor-identity";

export type WidgetSession = {
  visitorToken: string;
  /** When the widget should ask for a fresh token, if it is still open by then. */
  renewAt: Date;
  inbox: { name: string; greeting: string };
  conversationId: string | null;
  /** True when the host page proved who its user is: the history shown is that user's, on any device. */
  verified: boolean;
};

/**
 * Opens the widget: keeps a valid visitor token (same visitor, same history after a
 * reload), renews an ageing one or one signed by a previous key for the same visitor, and
 * issues a new visitor, counted against the client address, when it is missing or invalid.
 * A verified user's visitor joins that user's contact now, so a new browser shows (and may
 * subscribe to) the conversation the user already has; a refused claim stops before anything.
 */
export async function startWidgetSession(
  ctx: WidgetContext & Partial<Pick<ServiceContext, "dispatcher">>,
  requester: WidgetRequester,
  input: StartWidgetSessionInput,
): Promise<WidgetSession> {
  const { db, visitorKeys, limits } = ctx;
  const inbox = await requireWidgetInbox(db, input.inboxToken);
  const claim = verifyWidgetIdentity(inbox, input.identity);
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

  const verifiedUser = claim?.identities.some((identity) => identity.verified) ?? false;
  let contactId: string | null;
  if (claim && verifiedUser) {
    let joined = await joinVerifiedUser(ctx, inbox, visitorId, claim);
    if (!joined.holdsVisitor) {
      // Someone else signed in on this browser before, without a reset: this user gets a visitor of their own.
      await limits.consume("widgetSessionsPerAddress", requester.clientAddress);
      ({ token: visitorToken, visitorId } = issueVisitorToken(visitorKeys, inbox.id));
      issuedAt = Math.floor(Date.now() / 1000);
      joined = await joinVerifiedUser(ctx, inbox, visitorId, claim);
    }
    contactId = joined.contactId;
  } else {
    contactId = verified?.ok ? await findVisitorContactId(db, inbox.workspaceId, visitorId) : null;
  }
  const conversation = contactId
    ? await findOpenConversation(db, { workspaceId: inbox.workspaceId, inboxId: inbox.id, contactId })
    : null;
  return {
    visitorToken,
    renewAt: new Date((issuedAt + visitorKeys.renewAfterSeconds) * 1000),
    inbox: { name: inbox.name, greeting },
    conversationId: conversation?.id ?? null,
    verified: verifiedUser,
  };
}

/** Resolves a verified user with this browser's visitor id; says whether the visitor id now belongs to that user. */
async function joinVerifiedUser(
  ctx: WidgetContext & Partial<Pick<ServiceContext, "dispatcher">>,
  inbox: WidgetInbox,
  visitorId: string,
  claim: Sender,
): Promise<{ contactId: string; holdsVisitor: boolean }> {
  const result = await runTransaction(
    ctx.db,
    async (tx) => {
      const resolved = await resolveContact(tx, {
        workspaceId: inbox.workspaceId,
        inboxId: inbox.id,
        sender: { ...claim, identities: [visitorIdentity(visitorId), ...claim.identities] },
        fallbackName: visitorFallbackName(visitorId),
      });
      const holder = await findVisitorContactId(tx, inbox.workspaceId, visitorId);
      return { ...resolved, holdsVisitor: holder === resolved.contactId };
    },
    { idempotent: true },
  );
  await ctx.dispatcher?.dispatch(result.events);
  return { contactId: result.contactId, holdsVisitor: result.holdsVisitor };
}
