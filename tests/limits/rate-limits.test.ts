import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DatabaseHandle } from "@/db";
import { parseEnv } from "@/server/env";

import { createRateLimits, type RateLimitStore } from "@/server/limits/rate-limits";
import { metrics } from "@/server/metrics";
import { openTestDatabase } from "../support/database";
import { rateLimited } from "../support/rate-limited";

const config = parseEnv({ LIMIT_SIGN_IN_FAILURES_PER_ACCOUNT: "3/15m", LIMIT_WIDGET_MESSAGES_PER_VISITOR: "2/1s" });
const unique = () => `subject-${Date.now()}-${Math.random().toString(36).slice(2)}`;

/** The same behaviour on every store: counts are shared by nodes and outlive a limiter instance. */
function describeStore(name: string, open: () => Promise<{ store: RateLimitStore; close: () => Promise<void> }>) {
  describe(`rate limits on ${name}`, () => {
    let store: RateLimitStore;
    let close: () => Promise<void>;
    beforeAll(async () => {
      ({ store, close } = await open());
    });
    afterAll(() => close());

    it("refuses past the limit with a human message and a Retry-After in seconds", async () => {
      const limits = createRateLimits(config, store);
      const subject = unique();
      for (let attempt = 0; attempt < 3; attempt++) await limits.consume("signInFailuresPerAccount", subject);
      const before = (await metrics().rateLimited.get()).values.find(
        (value) => value.labels.limit === "signInFailuresPerAccount",
      )?.value;
      const error = await rateLimited(limits.consume("signInFailuresPerAccount", subject));
      expect(error.message).toMatch(/Too many sign-in attempts/);
      expect(error.retryAfterSeconds).toBeGreaterThan(14 * 60);
      expect(error.retryAfterSeconds).toBeLessThanOrEqual(15 * 60);
      const after = (await metrics().rateLimited.get()).values.find(
        (value) => value.labels.limit === "signInFailuresPerAccount",
      )?.value;
      expect(after).toBe((before ?? 0) + 1);
    });

    it("shares counts between nodes and across a restart", async () => {
      const subject = unique();
      const nodeA = createRateLimits(config, store);
      const nodeB = createRateLimits(config, store);
      await nodeA.consume("signInFailuresPerAccount", subject);
      await nodeB.consume("signInFailuresPerAccount", subject);
      const restarted = createRateLimits(config, store);
      await restarted.consume("signInFailuresPerAccount", subject);
      await rateLimited(nodeA.assertOpen("signInFailuresPerAccount", subject));
      await rateLimited(nodeB.consume("signInFailuresPerAccount", subject));
    });

    it("checks without counting, keeps subjects and limits apart, and forgets on reset", async () => {
      const limits = createRateLimits(config, store);
      const subject = unique();
      for (let check = 0; check < 10; check++) await limits.assertOpen("signInFailuresPerAccount", subject);
      for (let attempt = 0; attempt < 3; attempt++) await limits.consume("signInFailuresPerAccount", subject);
      await rateLimited(limits.assertOpen("signInFailuresPerAccount", subject));
      await limits.assertOpen("signInFailuresPerAccount", unique());
      await limits.assertOpen("signInFailuresPerAddress", subject);
      await limits.reset("signInFailuresPerAccount", subject);
      await limits.consume("signInFailuresPerAccount", subject);
    });

    it("opens again once the window has passed", async () => {
      const limits = createRateLimits(config, store);
      const subject = unique();
      await limits.consume("widgetMessagesPerVisitor", subject);
      await limits.consume("widgetMessagesPerVisitor", subject);
      await rateLimited(limits.consume("widgetMessagesPerVisitor", subject));
      await new Promise((resolve) => setTimeout(resolve, 1100));
      await limits.consume("widgetMessagesPerVisitor", subject);
    });

    it("counts concurrent hits exactly", async () => {
      const limits = createRateLimits(config, store);
      const subject = unique();
      const results = await Promise.allSettled(
        Array.from({ length: 10 }, () => limits.consume("signInFailuresPerAccount", subject)),
      );
      expect(results.filter((result) => result.status === "fulfilled")).toHaveLength(3);
    });
  });
}

describeStore("the database", async () => {
  const handle: DatabaseHandle = await openTestDatabase();
  return { store: { kind: "database", db: handle.db }, close: () => handle.close() };
});

describeStore("Redis", async () => {
  const client = new Redis(process.env.TEST_REDIS_URL ?? "redis://127.0.0.1:6379", {
    enableOfflineQueue: true,
    maxRetriesPerRequest: 1,
  });
  await client.ping();
  return {
    store: { kind: "redis", client },
    close: async () => {
      await client.quit();
    },
  };
});
