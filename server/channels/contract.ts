import type { ChannelType, IdentityKind } from "@/db/schema";

/**
 * The one contract every channel implements. A transport receives a request, the adapter
 * proves it came from the channel (on the raw bytes, in constant time) and turns it into
 * canonical events; `receiveInbound` stores them, whatever the channel. Outbound, the job
 * queue hands the adapter one message and asks it how to treat a failure.
 */

/** What a channel knows about an inbox: the row, as adapters need it. */
export type ChannelInbox = {
  id: string;
  workspaceId: string;
  channelType: ChannelType;
  publicToken: string;
  config: Record<string, unknown>;
  identitySecret: string | null;
  enforceIdentity: boolean;
  callbackUrl: string | null;
  webhookSecret: string | null;
};

/** An inbound HTTP request exactly as it arrived; signatures are checked on `rawBody`. */
export type InboundRequest = {
  rawBody: Buffer;
  /** Lower-case header names. */
  headers: Record<string, string | undefined>;
  /** Filled by transports that authenticate the sender before the adapter runs (a widget's visitor token). */
  authenticated?: { identities: SenderIdentity[] };
  /** The method and path, for channels whose routes carry meaning (the API's conversation id). */
  method?: string;
  path?: string;
};

export type SenderIdentity = { kind: IdentityKind; value: string; verified: boolean };

/**
 * `identities` are how the channel itself knows the sender (the visitor token, the signed user
 * id, the address a mail came from); `name`, `email` and `phone` are details the sender gave
 * (a pre-chat form), never used to find a contact, only to fill one and suggest duplicates.
 */
export type Sender = {
  identities: SenderIdentity[];
  name?: string | null;
  email?: string | null;
  phone?: string | null;
};

/** `providerEventId` is stable across the provider's retries: the same id stores one message. */
export type InboundEvent =
  | {
      type: "message";
      providerEventId: string;
      sender: Sender;
      body: string;
      occurredAt: Date;
      /** The sender's own key for this message, stored with it so their client recognises it. */
      clientMessageId?: string;
      /** The thread the sender addressed (the API names one); otherwise their open one, or a new one. */
      conversationId?: string;
    }
  | {
      type: "delivery_receipt" | "read_receipt";
      providerEventId: string;
      /** The provider's id of our outbound message (what `send` returned), or our message id. */
      providerMessageId: string;
      occurredAt: Date;
      /** Channels that report reads by position (the API): everything up to `seq` in this conversation. */
      position?: { conversationId: string; seq: number };
    }
  | { type: "typing"; providerEventId: string; sender: Sender; occurredAt: Date };

export type VerifyResult = { ok: true } | { ok: false; reason: string };

export type OutboundMessage = {
  /** Sent to the provider as its idempotency key: a retried send is never delivered twice. */
  deliveryId: string;
  messageId: string;
  conversationId: string;
  seq: number;
  body: string;
  createdAt: Date;
  /** The recipient's identities on this channel. */
  recipient: SenderIdentity[];
  agent: { id: string; name: string } | null;
};

export type SendResult = { providerMessageId: string | null };

/** Retryable failures are attempted again with backoff; permanent ones fail the delivery now. */
export type SendErrorClass = { retryable: boolean; reason: string };

export interface ChannelAdapter {
  readonly channelType: ChannelType;
  verify(inbox: ChannelInbox, request: InboundRequest): VerifyResult;
  /** Throws `InvalidInputError` with a human message for a body that is not the channel's format. */
  parse(inbox: ChannelInbox, request: InboundRequest): InboundEvent[];
  send(inbox: ChannelInbox, message: OutboundMessage): Promise<SendResult>;
  classifySendError(error: unknown): SendErrorClass;
}
