import type { EndUser } from "@/server/auth/end-user-token";
import { InvalidInputError } from "@/server/errors";
import { MAX_API_BODY_BYTES } from "@/server/http/body-limit";
import { identityOf } from "@/server/services/api-user/require-api-user";
import type { InboundEvent, InboundRequest } from "../contract";
import { parseJsonBody, parseWith } from "../json-body";
import { IdempotencyKeyHeader, MarkApiReadBody, OpenApiConversationBody, SendApiMessageBody } from "./schemas";

const CONVERSATIONS = /^\/api\/v1\/conversations$/;
const CONVERSATION_MESSAGES = /^\/api\/v1\/conversations\/([a-z]+_[0-9a-z]+)\/messages$/;
const CONVERSATION_READ = /^\/api\/v1\/conversations\/([a-z]+_[0-9a-z]+)\/read$/;

/** The send's idempotency key: the `Idempotency-Key` header, else the body's clientMessageId. */
function idempotencyKeyOf(request: InboundRequest, clientMessageId: string | undefined): string {
  const header = request.headers["idempotency-key"];
  if (header !== undefined) return parseWith(IdempotencyKeyHeader, header.trim());
  if (clientMessageId) return clientMessageId;
  throw new InvalidInputError("Send an Idempotency-Key header (or a clientMessageId), so a retry stores one message");
}

/**
 * Turns an authenticated API request into canonical events: a message (into a named
 * conversation, or the user's open one) or a read receipt. The provider event id is the user's
 * identity plus their idempotency key, so a retried send is one event.
 */
export function parseApiInbound(user: EndUser, request: InboundRequest, now = new Date()): InboundEvent[] {
  const path = (request.path ?? "").split("?")[0] ?? "";
  const method = (request.method ?? "POST").toUpperCase();
  if (method !== "POST") throw new InvalidInputError("Only POST requests carry events");
  const identity = identityOf(user);
  const sender = { identities: [identity] };
  const eventId = (key: string) => `${identity.kind}:${identity.value}:${key}`;

  const toConversation = CONVERSATION_MESSAGES.exec(path);
  if (toConversation) {
    const body = parseJsonBody(request.rawBody, SendApiMessageBody, MAX_API_BODY_BYTES);
    const key = idempotencyKeyOf(request, body.clientMessageId);
    return [
      {
        type: "message",
        providerEventId: eventId(key),
        sender,
        body: body.body,
        occurredAt: now,
        clientMessageId: key,
        conversationId: toConversation[1],
      },
    ];
  }
  if (CONVERSATIONS.test(path)) {
    const body = parseJsonBody(request.rawBody, OpenApiConversationBody, MAX_API_BODY_BYTES);
    if (!body.message) return [];
    const key = idempotencyKeyOf(request, body.message.clientMessageId);
    return [
      {
        type: "message",
        providerEventId: eventId(key),
        sender,
        body: body.message.body,
        occurredAt: now,
        clientMessageId: key,
      },
    ];
  }
  const read = CONVERSATION_READ.exec(path);
  if (read?.[1]) {
    const body = parseJsonBody(request.rawBody, MarkApiReadBody, MAX_API_BODY_BYTES);
    return [
      {
        type: "read_receipt",
        providerEventId: eventId(`read:${read[1]}:${body.seq}`),
        providerMessageId: "",
        occurredAt: now,
        position: { conversationId: read[1], seq: body.seq },
      },
    ];
  }
  throw new InvalidInputError("This request carries no events");
}
