/**
 * The API's wire types. They mirror the server's schemas (the OpenAPI document is generated
 * from them); a test in the Switchboard repository fails when the two drift apart.
 */

export type UserSession = {
  token: string;
  expiresAt: string;
  refreshableUntil: string;
  user: { id: string; verified: boolean };
};

export type ConversationStatus = "open" | "pending" | "snoozed" | "resolved";

export type Conversation = {
  id: string;
  status: ConversationStatus;
  lastSeq: number;
  contactLastReadSeq: number;
  lastMessagePreview: string | null;
  lastActivityAt: string;
  createdAt: string;
  realtimeChannel: string;
};

export type Attachment = { name: string; contentType: string; sizeBytes: number; url: string };

export type Message = {
  id: string;
  conversationId: string;
  seq: number;
  direction: "inbound" | "outbound";
  senderType: "contact" | "agent" | "system";
  senderUserId: string | null;
  senderContactId: string | null;
  body: string;
  attachments: Attachment[];
  clientMessageId: string | null;
  deliveryStatus: "queued" | "sent" | "delivered" | "read" | "failed";
  deliveryError: string | null;
  createdAt: string;
};

export type MessageResult = { message: Message; created: boolean };
export type ConversationResult = { conversation: Conversation; created: boolean; message: MessageResult | null };
export type ConversationList = { conversations: Conversation[] };
export type MessageList = { messages: Message[]; hasMore: boolean };
export type ReadResult = { conversationId: string; contactLastReadSeq: number };
export type RealtimeAuth = { auth: string; channel_data?: string };

export type ErrorCode =
  | "BAD_REQUEST"
  | "UNAUTHORIZED"
  | "FORBIDDEN"
  | "NOT_FOUND"
  | "METHOD_NOT_ALLOWED"
  | "CONFLICT"
  | "PAYLOAD_TOO_LARGE"
  | "TOO_MANY_REQUESTS"
  | "SERVICE_UNAVAILABLE"
  | "INTERNAL_SERVER_ERROR";

export type ErrorBody = { error: { code: ErrorCode; message: string } };

/** What `/api/realtime/config` tells clients about the pusher server. */
export type RealtimeConfig = {
  key: string;
  cluster: string;
  wsHost: string | null;
  wsPort: number | null;
  forceTLS: boolean;
  authEndpoint: string;
};

/** The user the app signs in: your backend computes userHash; omit both for an anonymous user. */
export type Identity = { userId: string; userHash: string; name?: string; email?: string };
