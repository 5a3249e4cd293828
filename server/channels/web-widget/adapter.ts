import { timingSafeEqual } from "node:crypto";
import { verifyVisitorToken, type VisitorKeyRing } from "@/server/auth/visitor-token";
import { isDomainError, UnauthorizedError } from "@/server/errors";
import { MAX_TRPC_BODY_BYTES } from "@/server/http/body-limit";
import { SendWidgetMessageInput, WidgetCredentials } from "@/server/services/widget/schemas";
import type { ChannelAdapter, ChannelInbox, InboundRequest } from "../contract";
import { parseJsonBody } from "../json-body";

const sameText = (a: string, b: string) => {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
};

function visitorOf(keys: VisitorKeyRing, inbox: ChannelInbox, request: InboundRequest) {
  let credentials: WidgetCredentials;
  try {
    credentials = parseJsonBody(request.rawBody, WidgetCredentials.loose(), MAX_TRPC_BODY_BYTES);
  } catch (error) {
    return { ok: false as const, reason: isDomainError(error) ? error.message : "unreadable body" };
  }
  if (!sameText(credentials.inboxToken, inbox.publicToken)) return { ok: false as const, reason: "another inbox" };
  const verified = verifyVisitorToken(keys, inbox.id, credentials.visitorToken);
  if (!verified.ok) return { ok: false as const, reason: `visitor token ${verified.reason}` };
  return { ok: true as const, visitorId: verified.visitorId };
}

/**
 * The web widget as a channel: a visitor proves who they are with the signed visitor token in
 * the send body; replies reach the widget over realtime, so `send` has nothing to deliver. The
 * widget's own send path (tRPC `widget.send`) keeps its optimised service and the same
 * idempotency key (the visitor's client message id); this adapter is the channel's contract.
 */
export function createWebWidgetAdapter(options: { keys: VisitorKeyRing }): ChannelAdapter {
  return {
    channelType: "web_widget",
    verify(inbox, request) {
      const found = visitorOf(options.keys, inbox, request);
      return found.ok ? { ok: true } : { ok: false, reason: found.reason };
    },
    parse(inbox, request, now = new Date()) {
      const input = parseJsonBody(request.rawBody, SendWidgetMessageInput, MAX_TRPC_BODY_BYTES);
      const found = visitorOf(options.keys, inbox, request);
      if (!found.ok) throw new UnauthorizedError("This chat session is not valid for this inbox; reload the page");
      return [
        {
          type: "message",
          providerEventId: `${found.visitorId}:${input.clientMessageId}`,
          sender: { identities: [{ kind: "web_visitor", value: found.visitorId, verified: false }] },
          body: input.body,
          occurredAt: now,
          clientMessageId: input.clientMessageId,
        },
      ];
    },
    // Realtime carries the reply to the open widget; a closed one loads it on its next visit.
    send: async () => ({ providerMessageId: null }),
    classifySendError: (error) => ({
      retryable: !isDomainError(error),
      reason: error instanceof Error ? error.message : String(error),
    }),
  };
}
