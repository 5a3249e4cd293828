import { createHash } from "node:crypto";
import type { Redis } from "ioredis";
import {
  RateLimiterDrizzle,
  RateLimiterMemory,
  RateLimiterRedis,
  RateLimiterRes,
  type RateLimiterAbstract,
} from "rate-limiter-flexible";
import type { Executor } from "@/db";
import { rateLimits } from "@/db/schema";
import type { Env } from "@/server/env";
import { RateLimitedError } from "@/server/errors";
import { metrics } from "@/server/metrics";
import { isLocalLimit, LIMIT_POLICIES, rateOf, type LimitName } from "./policies";

export type RateLimits = {
  /** Counts `points` against the subject; throws RateLimitedError once the window is used up. */
  consume(name: LimitName, subject: string, points?: number): Promise<void>;
  /** Throws RateLimitedError while the subject is over its limit, without counting anything. */
  assertOpen(name: LimitName, subject: string): Promise<void>;
  /** Forgets the subject's count (e.g. failures, after a successful sign-in). */
  reset(name: LimitName, subject: string): Promise<void>;
  /** Gives back points counted earlier, e.g. an attempt that turned out legitimate. */
  refund(name: LimitName, subject: string, points?: number): Promise<void>;
};

export type RateLimitStore = { kind: "redis"; client: Redis } | { kind: "database"; db: Executor };

/**
 * Limits shared by every node and surviving a restart: Redis when configured, else the
 * database. A per-process memory limiter stands in while the store is unreachable.
 */
export function createRateLimits(config: Env, store: RateLimitStore): RateLimits {
  const limiters = new Map<LimitName, RateLimiterAbstract>();
  const limiterFor = (name: LimitName) => {
    let limiter = limiters.get(name);
    if (!limiter) {
      const rate = rateOf(config, name);
      const options = {
        keyPrefix: `rl_${name}`,
        points: rate.points,
        duration: rate.seconds,
        insuranceLimiter: new RateLimiterMemory({ points: rate.points, duration: rate.seconds }),
      };
      limiter = isLocalLimit(name)
        ? new RateLimiterMemory(options)
        : store.kind === "redis"
          ? new RateLimiterRedis({ ...options, storeClient: store.client })
          : new RateLimiterDrizzle({ ...options, storeClient: store.db, schema: rateLimits });
      limiters.set(name, limiter);
    }
    return limiter;
  };

  const refuse = (name: LimitName, msBeforeNext: number): never => {
    metrics().rateLimited.inc({ limit: name });
    throw new RateLimitedError(LIMIT_POLICIES[name].message, Math.max(1, Math.ceil(msBeforeNext / 1000)));
  };

  return {
    async consume(name, subject, points = 1) {
      try {
        await limiterFor(name).consume(hashSubject(subject), points);
      } catch (result) {
        if (result instanceof RateLimiterRes) refuse(name, result.msBeforeNext);
        throw result;
      }
    },
    async assertOpen(name, subject) {
      const limiter = limiterFor(name);
      const state = await limiter.get(hashSubject(subject));
      if (state && state.consumedPoints >= limiter.points) refuse(name, state.msBeforeNext);
    },
    async reset(name, subject) {
      await limiterFor(name).delete(hashSubject(subject));
    },
    async refund(name, subject, points = 1) {
      await limiterFor(name).reward(hashSubject(subject), points);
    },
  };
}

/** Addresses and emails are personal data; the store only ever sees a digest. */
function hashSubject(subject: string): string {
  return createHash("sha256").update(subject.toLowerCase()).digest("base64url").slice(0, 32);
}
