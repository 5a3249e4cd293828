import { Redis } from "ioredis";
import { env } from "./env";

const registry = globalThis as typeof globalThis & { __switchboardRedis?: Redis | null };

/**
 * The process-wide Redis client when `REDIS_URL` is set, else null. No offline queue:
 * a command while Redis is away fails at once instead of waiting, so callers can fall back.
 */
export function sharedRedis(): Redis | null {
  if (registry.__switchboardRedis !== undefined) return registry.__switchboardRedis;
  const url = env().REDIS_URL;
  registry.__switchboardRedis = url
    ? new Redis(url, { enableOfflineQueue: false, maxRetriesPerRequest: 1, lazyConnect: false })
    : null;
  return registry.__switchboardRedis;
}
