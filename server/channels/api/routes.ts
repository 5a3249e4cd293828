import type { z } from "zod";
import { UnauthorizedError } from "@/server/errors";
import { MAX_API_BODY_BYTES } from "@/server/http/body-limit";
import { receiveInbound, type InboundOutcome } from "@/server/services/channel/receive-inbound";
import { limitChannelAuthRefusals } from "@/server/services/realtime/limit-channel-auth-refusals";
import { authorizeApiChannel } from "@/server/services/api-user/authorize-api-channel";
import type { ApiContext, ApiRequester } from "@/server/services/api-user/context";
import { createApiUser } from "@/server/services/api-user/create-api-user";
import { listApiConversations } from "@/server/services/api-user/list-api-conversations";
import { listApiMessages } from "@/server/services/api-user/list-api-messages";
import { openApiConversation } from "@/server/services/api-user/open-api-conversation";
import { refreshApiUser } from "@/server/services/api-user/refresh-api-user";
import { requireApiConversation } from "@/server/services/api-user/require-api-conversation";
import { requireApiUser, type ApiUser } from "@/server/services/api-user/require-api-user";
import { toApiConversation, toApiMessage } from "@/server/services/api-user/views";
import type { ChannelAdapter, InboundRequest } from "../contract";
import { parseJsonBody, parseWith } from "../json-body";
import {
  ApiConversationList,
  ApiConversationPath,
  ApiConversationResult,
  ApiMessageList,
  ApiMessageResult,
  ApiReadResult,
  ApiRealtimeAuthBody,
  ApiRealtimeAuthResult,
  ApiUserSession,
  CreateApiUserBody,
  ListApiMessagesQuery,
  MarkApiReadBody,
  OpenApiConversationBody,
  SendApiMessageBody,
} from "./schemas";

/** One API request as the transport read it: the raw body is what the adapter verifies. */
export type ApiRequest = {
  method: string;
  path: string;
  params: Record<string, string>;
  query: URLSearchParams;
  headers: Record<string, string | undefined>;
  rawBody: Buffer;
  requester: ApiRequester;
};

export type ApiDependencies = ApiContext & { adapter: ChannelAdapter };

export type ApiRoute = {
  method: "get" | "post";
  /** OpenAPI path template: `{id}` is a path parameter. */
  path: string;
  summary: string;
  /** `user`: `Authorization: Bearer <end-user token>`; `none`: the body names the inbox. */
  auth: "user" | "none";
  body?: z.ZodType;
  /** Also accepted as a form, as pusher-js sends it. */
  formBody?: boolean;
  query?: z.ZodObject;
  idempotencyKey?: boolean;
  status: 200 | 201;
  response: z.ZodType;
  handle(deps: ApiDependencies, request: ApiRequest): Promise<{ status?: number; body: unknown }>;
};

const parseBody = <T extends z.ZodType>(schema: T, request: ApiRequest) =>
  parseJsonBody(request.rawBody, schema, MAX_API_BODY_BYTES);

const user = (deps: ApiDependencies, request: ApiRequest, policy = deps.endUserTokens): Promise<ApiUser> =>
  requireApiUser(deps.db, deps.visitorKeys, request.headers.authorization, { policy });

/** The channel's inbound path: the adapter verifies and parses, the pipeline stores. */
async function receive(deps: ApiDependencies, request: ApiRequest, requester: ApiUser): Promise<InboundOutcome[]> {
  const inbound: InboundRequest = {
    rawBody: request.rawBody,
    headers: request.headers,
    method: request.method,
    path: request.path,
  };
  const verified = deps.adapter.verify(requester.inbox, inbound);
  if (!verified.ok) throw new UnauthorizedError("The user token is not valid for this inbox");
  const events = deps.adapter.parse(requester.inbox, inbound);
  const sends = events.filter((event) => event.type === "message").length;
  if (sends > 0)
    await deps.limits.consume("apiMessagesPerUser", `${requester.inbox.id}:${requester.user.userId}`, sends);
  return receiveInbound(deps, requester.inbox, events);
}

function messageResult(outcome: InboundOutcome | undefined) {
  if (outcome?.type !== "message") throw new Error("the request stored no message");
  return { message: toApiMessage(outcome.message), created: outcome.created };
}

const conversationId = (request: ApiRequest) => parseWith(ApiConversationPath, request.params).id;

export const API_ROUTES: ApiRoute[] = [
  {
    method: "post",
    path: "/api/v1/users",
    summary: "Start an end user's session: a verified user (userId + userHash) or an anonymous one",
    auth: "none",
    body: CreateApiUserBody,
    status: 201,
    response: ApiUserSession,
    handle: async (deps, request) => ({
      status: 201,
      body: await createApiUser(deps, request.requester, parseBody(CreateApiUserBody, request)),
    }),
  },
  {
    method: "post",
    path: "/api/v1/users/refresh",
    summary: "Exchange a token (valid, or expired within its refresh window) for a fresh one",
    auth: "user",
    status: 200,
    response: ApiUserSession,
    handle: async (deps, request) => ({ body: await refreshApiUser(deps, request.headers.authorization) }),
  },
  {
    method: "get",
    path: "/api/v1/conversations",
    summary: "The user's conversations in this inbox, latest first",
    auth: "user",
    status: 200,
    response: ApiConversationList,
    handle: async (deps, request) => ({ body: await listApiConversations(deps, await user(deps, request)) }),
  },
  {
    method: "post",
    path: "/api/v1/conversations",
    summary: "Continue the user's open conversation or start one, optionally with a first message",
    auth: "user",
    body: OpenApiConversationBody,
    idempotencyKey: true,
    status: 201,
    response: ApiConversationResult,
    handle: async (deps, request) => {
      const requester = await user(deps, request);
      const [outcome] = await receive(deps, request, requester);
      if (!outcome) {
        const opened = await openApiConversation(deps, requester);
        return { status: opened.created ? 201 : 200, body: { ...opened, message: null } };
      }
      const sent = messageResult(outcome);
      const owner = { ...requester, contactId: outcome.type === "message" ? outcome.contactId : null };
      const conversation = await requireApiConversation(deps.db, owner, sent.message.conversationId);
      const created = outcome.type === "message" && outcome.conversationCreated;
      return {
        status: created ? 201 : 200,
        body: { conversation: toApiConversation(conversation), created, message: sent },
      };
    },
  },
  {
    method: "post",
    path: "/api/v1/conversations/{id}/messages",
    summary: "Send a message; a retry with the same idempotency key returns the stored one",
    auth: "user",
    body: SendApiMessageBody,
    idempotencyKey: true,
    status: 201,
    response: ApiMessageResult,
    handle: async (deps, request) => {
      const requester = await user(deps, request);
      await requireApiConversation(deps.db, requester, conversationId(request));
      const sent = messageResult((await receive(deps, request, requester))[0]);
      return { status: sent.created ? 201 : 200, body: sent };
    },
  },
  {
    method: "get",
    path: "/api/v1/conversations/{id}/messages",
    summary: "Messages in seq order; `after` returns only newer ones (resync after reconnect)",
    auth: "user",
    query: ListApiMessagesQuery,
    status: 200,
    response: ApiMessageList,
    handle: async (deps, request) => {
      const requester = await user(deps, request);
      const query = parseWith(ListApiMessagesQuery, Object.fromEntries(request.query));
      return { body: await listApiMessages(deps, requester, conversationId(request), query) };
    },
  },
  {
    method: "post",
    path: "/api/v1/conversations/{id}/read",
    summary: "The user has seen the conversation up to `seq`",
    auth: "user",
    body: MarkApiReadBody,
    status: 200,
    response: ApiReadResult,
    handle: async (deps, request) => {
      const requester = await user(deps, request);
      await requireApiConversation(deps.db, requester, conversationId(request));
      const [outcome] = await receive(deps, request, requester);
      if (outcome?.type !== "read_receipt" || !outcome.conversationId) throw new Error("the read was not stored");
      return { body: { conversationId: outcome.conversationId, contactLastReadSeq: outcome.contactLastReadSeq ?? 0 } };
    },
  },
  {
    method: "post",
    path: "/api/v1/realtime/auth",
    summary: "Pusher channel authorization for the user's own conversation channels",
    auth: "user",
    body: ApiRealtimeAuthBody,
    formBody: true,
    status: 200,
    response: ApiRealtimeAuthResult,
    handle: async (deps, request) => {
      const contentType = request.headers["content-type"] ?? "";
      const body = contentType.startsWith("application/x-www-form-urlencoded")
        ? parseWith(ApiRealtimeAuthBody, Object.fromEntries(new URLSearchParams(request.rawBody.toString("utf8"))))
        : parseBody(ApiRealtimeAuthBody, request);
      const authorize = async () =>
        authorizeApiChannel(deps, await user(deps, request), {
          socketId: body.socket_id,
          channelName: body.channel_name,
        });
      return { body: await limitChannelAuthRefusals(deps.limits, request.requester.clientAddress, authorize) };
    },
  },
];
