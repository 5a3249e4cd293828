import { Validator } from "@seriousme/openapi-schema-validator";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DatabaseHandle } from "@/db";
import { API_ROUTES } from "@/server/channels/api/routes";
import { startApiServer, type ApiServer } from "../support/api-channel";
import { openTestDatabase } from "../support/database";

let handle: DatabaseHandle;
let api: ApiServer;
let document: Record<string, any>;

beforeAll(async () => {
  handle = await openTestDatabase();
  api = await startApiServer(handle.db);
  const response = await fetch(`${api.url}/api/v1/openapi.json`);
  expect(response.status).toBe(200);
  document = (await response.json()) as Record<string, any>;
});
afterAll(async () => {
  await api.close();
  await handle.close();
});

describe("GET /api/v1/openapi.json", () => {
  it("is a valid OpenAPI 3.1 document", async () => {
    const validator = new Validator();
    const result = await validator.validate(structuredClone(document));
    expect(result.errors ?? []).toEqual([]);
    expect(result.valid).toBe(true);
    expect(validator.version).toBe("3.1");
  });

  it("documents every route the server answers, and no route it does not", () => {
    const documented = Object.entries(document.paths as Record<string, Record<string, unknown>>).flatMap(
      ([path, operations]) => Object.keys(operations).map((method) => `${method} ${path}`),
    );
    const served = [...API_ROUTES.map((route) => `${route.method} ${route.path}`), "get /api/v1/openapi.json"];
    expect(documented.sort()).toEqual(served.sort());
  });

  it("describes each route's success, its errors, its auth and its idempotency key", () => {
    for (const route of API_ROUTES) {
      const operation = document.paths[route.path][route.method];
      expect(operation.responses[String(route.status)], `${route.method} ${route.path}`).toBeDefined();
      for (const status of ["400", "401", "404", "413", "429"]) expect(operation.responses[status]).toBeDefined();
      expect(operation.security).toEqual(route.auth === "user" ? [{ endUserToken: [] }] : []);
      const headers = (operation.parameters ?? []).filter((p: { in: string }) => p.in === "header");
      expect(headers.map((p: { name: string }) => p.name)).toEqual(route.idempotencyKey ? ["Idempotency-Key"] : []);
      if (route.body) expect(operation.requestBody.content["application/json"].schema).toBeDefined();
    }
    // Every body is strict: unknown fields are refused, and the document says so.
    for (const route of API_ROUTES.filter((r) => r.body)) {
      const schema = document.paths[route.path][route.method].requestBody.content["application/json"].schema;
      const resolved = schema.$ref ? document.components.schemas[schema.$ref.split("/").pop()] : schema;
      expect(resolved.additionalProperties, `${route.method} ${route.path}`).toBe(false);
    }
    const send = document.components.schemas.SendMessageBody;
    expect(send.additionalProperties).toBe(false);
    expect(send.required).toEqual(["body"]);
  });
});
