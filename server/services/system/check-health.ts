import { and, count, isNull, lt, sql } from "drizzle-orm";
import type { Executor } from "@/db";
import { events } from "@/db/schema";

export type Health = { status: "ok" | "degraded" | "down"; database: "ok" | "down"; unpublishedEvents: number | null };

/** Events older than this and still unpublished mean realtime is lagging. */
const STALE_EVENT_MS = 30_000;

export async function checkHealth(db: Executor): Promise<Health> {
  try {
    await db.execute(sql`select 1`);
    const [row] = await db
      .select({ stale: count() })
      .from(events)
      .where(and(isNull(events.publishedAt), lt(events.createdAt, new Date(Date.now() - STALE_EVENT_MS))));
    const unpublishedEvents = row?.stale ?? 0;
    return { status: unpublishedEvents > 0 ? "degraded" : "ok", database: "ok", unpublishedEvents };
  } catch {
    return { status: "down", database: "down", unpublishedEvents: null };
  }
}
