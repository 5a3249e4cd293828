import { z } from "zod";
import { createDocument, type ZodOpenApiOperationObject, type ZodOpenApiPathsObject } from "zod-openapi";
import { API_ROUTES, type ApiRoute } from "./routes";
import { ApiConversationPath, ApiError, IdempotencyKeyHeader } from "./schemas";

// Header names are case-insensitive; documented with their usual spelling.
const IdempotencyHeaders = z.object({ "Idempotency-Key": IdempotencyKeyHeader.optional() });

const errorResponse = (description: string) => ({
  description,
  content: { "application/json": { schema: ApiError } },
});

function operationOf(route: ApiRoute): ZodOpenApiOperationObject {
  const json = { "application/json": { schema: route.response } };
  const path = route.path.includes("{id}") ? ApiConversationPath : undefined;
  const requestParams = {
    ...(path ? { path } : {}),
    ...(route.query ? { query: route.query } : {}),
    ...(route.idempotencyKey ? { header: IdempotencyHeaders } : {}),
  };
  return {
    operationId: `${route.method}${route.path.replace(/\/api\/v1|[{}]/g, "").replace(/\/(\w)/g, (_, c: string) => c.toUpperCase())}`,
    summary: route.summary,
    ...(route.auth === "user" ? { security: [{ endUserToken: [] }] } : { security: [] }),
    ...(Object.keys(requestParams).length > 0 ? { requestParams } : {}),
    ...(route.body
      ? {
          requestBody: {
            // Opening a conversation needs no body; everything else does.
            required: !route.path.endsWith("/conversations"),
            content: {
              "application/json": { schema: route.body },
              ...(route.formBody ? { "application/x-www-form-urlencoded": { schema: route.body } } : {}),
            },
          },
        }
      : {}),
    responses: {
      [String(route.status)]: { description: "Success", content: json },
      ...(route.idempotencyKey ? { "200": { description: "Stored before: the earlier result", content: json } } : {}),
      "400": errorResponse("The request is malformed, has unknown fields or breaks a rule; the message says which"),
      "401": errorResponse("The token (or userHash) is missing, forged or expired"),
      "404": errorResponse("No such inbox or conversation for this user"),
      "413": errorResponse("The body is larger than 64 KB"),
      "429": {
        ...errorResponse("Over a rate limit"),
        headers: { "Retry-After": { description: "Seconds to wait", schema: { type: "integer" } } },
      },
      "503": errorResponse("Briefly unavailable; nothing was stored, retry"),
    },
  };
}

/** The OpenAPI 3.1 document of the API channel, generated from the schemas the server parses with. */
export function apiDocument(serverUrl?: string) {
  const paths: ZodOpenApiPathsObject = {};
  for (const route of API_ROUTES) {
    paths[route.path] = { ...paths[route.path], [route.method]: operationOf(route) };
  }
  paths["/api/v1/openapi.json"] = {
    get: {
      operationId: "getOpenapi",
      summary: "This document",
      security: [],
      responses: { "200": { description: "The OpenAPI 3.1 document" } },
    },
  };
  return createDocument({
    openapi: "3.1.0",
    info: {
      title: "Switchboard API channel",
      version: "1.0.0",
      description:
        "Talk to a Switchboard inbox from your own app: start a user session, open conversations, send messages and follow replies live over pusher-js.",
    },
    ...(serverUrl ? { servers: [{ url: serverUrl }] } : {}),
    components: {
      securitySchemes: {
        endUserToken: {
          type: "http",
          scheme: "bearer",
          description: "The token from POST /api/v1/users; refresh it with POST /api/v1/users/refresh.",
        },
      },
    },
    paths,
  });
}
