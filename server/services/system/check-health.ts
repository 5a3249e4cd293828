import { and, count, isNull, lt, sql } from "drizzle-orm";
import type { Executor } from "@/db";
import { events } from "@/db/schema";

export type RealtimeHealth = { server: "built-in"; connections: number } | { server: "external" };

export type Health = {
  status: "ok" | "degraded" | "down";
  database: "ok" | "down";
  unpublishedEvents: number | null;
  realtime?: RealtimeHealth;
};

/** Events older than this and still unpublished mean realtime is lagging. */
const STALE_EVENT_MS = 30_000;
/** Readiness answers within this, whatever state the database is in. */
export const READINESS_TIMEOUT_MS = 1_000;

class ProbeTimedOut extends Error {}

function within<T>(work: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new ProbeTimedOut(`no answer within ${ms}ms`)), ms);
  });
  work.catch(() => {});
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}

/**
 * Readiness: the database answers a trivial query within a second, and how far realtime lags.
 * A stalled database reports `down` after the probe timeout instead of holding the probe.
 */
export async function checkHealth(
  db: Executor,
  options: { timeoutMs?: number; realtime?: RealtimeHealth } = {},
): Promise<Health> {
  const timeoutMs = options.timeoutMs ?? READINESS_TIMEOUT_MS;
  const realtime = options.realtime ? { realtime: options.realtime } : {};
  try {
    const probe = async () => {
      await db.execute(sql`select 1`);
      const [row] = await db
        .select({ stale: count() })
        .from(events)
        .where(and(isNull(events.publishedAt), lt(events.createdAt, new Date(Date.now() - STALE_EVENT_MS))));
      return row?.stale ?? 0;
    };
    const unpublishedEvents = await within(probe(), timeoutMs);
    return { status: unpublishedEvents > 0 ? "degraded" : "ok", database: "ok", unpublishedEvents, ...realtime };
  } catch {
    return { status: "down", database: "down", unpublishedEvents: null, ...realtime };
  }
}
