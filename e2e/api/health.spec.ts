import { expect, test } from "@playwright/test";

test("liveness answers without the database, readiness and the old path report the database", async ({ request }) => {
  const live = await request.get("/api/health/live");
  expect(live.status()).toBe(200);
  expect(await live.json()).toEqual({ status: "live" });
  expect(live.headers()["cache-control"]).toContain("no-store");

  for (const path of ["/api/health/ready", "/api/health"]) {
    const ready = await request.get(path);
    expect(ready.status(), path).toBe(200);
    expect(await ready.json()).toMatchObject({
      database: "ok",
      status: expect.stringMatching(/^(ok|degraded)$/),
      unpublishedEvents: expect.any(Number),
      realtime: { server: "built-in", connections: expect.any(Number) },
    });
  }
});
