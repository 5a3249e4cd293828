import { createHmac } from "node:crypto";
import { expect, test } from "@playwright/test";
import { DEMO_API_TOKEN } from "@/db/seed";
import { DEMO_USER } from "@/db/seed-api-channel";
import { rotateDemoApiIdentitySecret } from "@/tests/support/demo-api-secret";

/** The API channel over real HTTP against the production build, as a mobile app would call it. */
let secret = "";
const userHash = (userId: string) => createHmac("sha256", secret).update(userId).digest("hex");

test.beforeAll(async ({ baseURL }) => {
  secret = await rotateDemoApiIdentitySecret(baseURL!);
});

test("a verified app user continues their conversation, and a retried send stores one message", async ({ request }) => {
  const signIn = await request.post("/api/v1/users", {
    data: { inboxToken: DEMO_API_TOKEN, userId: DEMO_USER.userId, userHash: userHash(DEMO_USER.userId) },
  });
  expect(signIn.status()).toBe(201);
  const { token, user } = await signIn.json();
  expect(user).toEqual({ id: DEMO_USER.userId, verified: true });
  const auth = { authorization: `Bearer ${token}` };

  const list = await request.get("/api/v1/conversations", { headers: auth });
  const { conversations } = await list.json();
  // The seeded conversation from the app.
  expect(conversations.length).toBeGreaterThanOrEqual(1);

  const opened = await request.post("/api/v1/conversations", { headers: auth });
  const { conversation } = await opened.json();
  const key = `e2e-${Date.now()}`;
  const send = () =>
    request.post(`/api/v1/conversations/${conversation.id}/messages`, {
      headers: { ...auth, "idempotency-key": key },
      data: { body: "Sent twice, stored once" },
    });
  const first = await send();
  const retry = await send();
  expect([first.status(), retry.status()]).toEqual([201, 200]);
  expect((await retry.json()).message.id).toBe((await first.json()).message.id);

  const page = await request.get(`/api/v1/conversations/${conversation.id}/messages?after=0`, { headers: auth });
  const bodies = (await page.json()).messages.map((message: { body: string }) => message.body);
  expect(bodies.filter((body: string) => body === "Sent twice, stored once")).toHaveLength(1);
});

test("hostile requests get the right status and a readable error", async ({ request }) => {
  const forged = await request.post("/api/v1/users", {
    data: { inboxToken: DEMO_API_TOKEN, userId: DEMO_USER.userId, userHash: userHash("someone-else") },
  });
  expect(forged.status()).toBe(401);
  expect((await forged.json()).error.code).toBe("UNAUTHORIZED");

  expect((await request.get("/api/v1/conversations", { headers: { authorization: "Bearer u1.x.y" } })).status()).toBe(
    401,
  );
  const malformed = await request.post("/api/v1/users", {
    headers: { "content-type": "application/json" },
    data: "{not json",
  });
  expect(malformed.status()).toBe(400);
  const oversized = await request.post("/api/v1/users", {
    data: { inboxToken: DEMO_API_TOKEN, name: "x".repeat(100_000) },
  });
  expect(oversized.status()).toBe(413);
  // Cross-origin callers are fine: the API takes no cookies.
  const crossOrigin = await request.post("/api/v1/users", {
    headers: { origin: "https://app.example.org" },
    data: { inboxToken: DEMO_API_TOKEN },
  });
  expect(crossOrigin.status()).toBe(201);
  expect(crossOrigin.headers()["access-control-allow-origin"]).toBe("*");
});

test("serves its OpenAPI document", async ({ request }) => {
  const response = await request.get("/api/v1/openapi.json");
  expect(response.status()).toBe(200);
  const document = await response.json();
  expect(document.openapi).toBe("3.1.0");
  expect(Object.keys(document.paths)).toContain("/api/v1/conversations/{id}/messages");
});
