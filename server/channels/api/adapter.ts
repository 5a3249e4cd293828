import { verifyEndUserToken, type EndUserTokenPolicy } from "@/server/auth/end-user-token";
import type { VisitorKeyRing } from "@/server/auth/visitor-token";
import { UnauthorizedError } from "@/server/errors";
import type { OutboundUrlPolicy } from "@/server/net/public-address";
import { bearerOf } from "@/server/services/api-user/require-api-user";
import type { ChannelAdapter, ChannelInbox, InboundRequest } from "../contract";
import { parseApiInbound } from "./inbound";
import { classifyCallbackError, sendCallback } from "./send-callback";

export type ApiAdapterOptions = {
  keys: VisitorKeyRing;
  tokenPolicy?: EndUserTokenPolicy;
  outbound: OutboundUrlPolicy & { timeoutSeconds?: number };
};

const CALLBACK_TIMEOUT_SECONDS = 10;

function userOf(options: ApiAdapterOptions, inbox: ChannelInbox, request: InboundRequest) {
  const token = bearerOf(request.headers.authorization);
  if (!token) return { ok: false as const, reason: "no bearer token" };
  // The signature is compared in constant time; the inbox binding is part of what is signed.
  const verified = verifyEndUserToken(options.keys, token, { policy: options.tokenPolicy });
  if (!verified.ok) return { ok: false as const, reason: `token ${verified.reason}` };
  if (verified.user.inboxId !== inbox.id) return { ok: false as const, reason: "token of another inbox" };
  return { ok: true as const, user: verified.user };
}

/**
 * The mobile/API channel: end users authenticate with the bearer token `POST /api/v1/users`
 * issued; agent replies go to the inbox's callback URL as signed webhooks (and to the app live,
 * over realtime).
 */
export function createApiAdapter(options: ApiAdapterOptions): ChannelAdapter {
  return {
    channelType: "api",
    verify(inbox, request) {
      const found = userOf(options, inbox, request);
      return found.ok ? { ok: true } : { ok: false, reason: found.reason };
    },
    parse(inbox, request) {
      const found = userOf(options, inbox, request);
      if (!found.ok) throw new UnauthorizedError("The user token is not valid for this inbox");
      return parseApiInbound(found.user, request);
    },
    send: (inbox, message) =>
      sendCallback(inbox, message, { timeoutSeconds: CALLBACK_TIMEOUT_SECONDS, ...options.outbound }),
    classifySendError: classifyCallbackError,
  };
}
