import { inArray, sql } from "drizzle-orm";
import type { Logger } from "pino";
import type { Database, Executor } from "@/db";
import { events } from "@/db/schema";
import { metrics } from "@/server/metrics";
import { realtimeDeliveriesFor, type RealtimeDelivery } from "@/server/realtime/event-fanout";
import type { RealtimePublisher } from "@/server/realtime/publisher";
import type { EventDispatcher } from "../context";
import { createPublishedMarker } from "./published-marker";
import type { StoredEvent } from "./record-event";

async function countFailedAttempt(via: Executor, ids: number[]): Promise<void> {
  if (ids.length === 0) return;
  await via
    .update(events)
    .set({ publishAttempts: sql`${events.publishAttempts} + 1` })
    .where(inArray(events.id, ids))
    .catch(() => {});
}

/**
 * Publishes committed events and marks them published. A failure is logged and left for
 * the relay: the write already succeeded, so the caller's request must not fail for it.
 * An event that cannot be fanned out is set aside alone, so it never holds back the rest.
 */
export function createEventDispatcher(db: Database, publisher: RealtimePublisher, log: Logger): EventDispatcher {
  const marker = createPublishedMarker(db, log);
  return {
    flush: () => marker.flush(),
    publishedHere: (id) => marker.has(id),
    async dispatch(batch: StoredEvent[], via: Executor = db) {
      if (batch.length === 0) return;
      const deliverable: StoredEvent[] = [];
      const deliveries: RealtimeDelivery[] = [];
      const malformed: number[] = [];
      for (const event of batch) {
        try {
          deliveries.push(...realtimeDeliveriesFor(event));
          deliverable.push(event);
        } catch (error) {
          log.error({ err: error, eventId: event.id, type: event.type }, "event cannot be fanned out to realtime");
          malformed.push(event.id);
        }
      }
      await countFailedAttempt(via, malformed);
      if (deliverable.length === 0) return;

      const ids = deliverable.map((event) => event.id);
      try {
        await publisher.publish(deliveries);
        // The relay dispatches inside its own transaction, which must mark its rows itself.
        if (via === db) marker.mark(ids);
        else await via.update(events).set({ publishedAt: new Date() }).where(inArray(events.id, ids));
        for (const event of deliverable) metrics().eventsPublished.inc({ type: event.type });
      } catch (error) {
        log.warn({ err: error, eventIds: ids }, "realtime publish failed; the outbox relay will retry");
        metrics().publishFailures.inc();
        await countFailedAttempt(via, ids);
      }
    },
  };
}
