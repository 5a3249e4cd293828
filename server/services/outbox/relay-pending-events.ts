import { and, asc, isNull, lt } from "drizzle-orm";
import type { Database } from "@/db";
import { events } from "@/db/schema";
import type { EventDispatcher } from "../context";
import type { StoredEvent } from "./record-event";

/**
 * Re-publishes events that were committed but never confirmed as published (the process
 * died, or realtime was down). Old enough rows only, so it never races a live request.
 * SKIP LOCKED lets several app nodes relay side by side without double work.
 */
export async function relayPendingEvents(
  db: Database,
  dispatcher: EventDispatcher,
  options: { minAgeMs: number; limit: number },
): Promise<number> {
  const cutoff = new Date(Date.now() - options.minAgeMs);
  return db.transaction(async (tx) => {
    const pending = await tx
      .select()
      .from(events)
      .where(and(isNull(events.publishedAt), lt(events.createdAt, cutoff), lt(events.publishAttempts, 50)))
      .orderBy(asc(events.id))
      .limit(options.limit)
      .for("update", { skipLocked: true });
    // Published by a request of this process, its mark still on the way (a slow database): not lost.
    const unpublished = pending.filter((event) => !dispatcher.publishedHere?.(event.id));
    if (unpublished.length === 0) return 0;
    await dispatcher.dispatch(unpublished as StoredEvent[], tx);
    return unpublished.length;
  });
}

export function startOutboxRelay(
  db: Database,
  dispatcher: EventDispatcher,
  // Older than any request may take to publish its own events (the database timeouts bound that),
  // so the relay never races a live request and publishes an event twice.
  options = { intervalMs: 2_000, minAgeMs: 15_000, limit: 100 },
): () => void {
  let running = false;
  const timer = setInterval(() => {
    if (running) return;
    running = true;
    relayPendingEvents(db, dispatcher, options)
      .catch(() => {})
      .finally(() => {
        running = false;
      });
  }, options.intervalMs);
  timer.unref();
  return () => clearInterval(timer);
}
