import { inArray, sql } from "drizzle-orm";
import type { Logger } from "pino";
import type { Database, Executor } from "@/db";
import { events } from "@/db/schema";
import { metrics } from "@/server/metrics";
import { realtimeDeliveriesFor } from "@/server/realtime/event-fanout";
import type { RealtimePublisher } from "@/server/realtime/publisher";
import type { EventDispatcher } from "../context";
import type { StoredEvent } from "./record-event";

/**
 * Publishes committed events and marks them published. A failure is logged and left for
 * the relay: the write already succeeded, so the caller's request must not fail for it.
 */
export function createEventDispatcher(db: Database, publisher: RealtimePublisher, log: Logger): EventDispatcher {
  return {
    async dispatch(batch: StoredEvent[], via: Executor = db) {
      if (batch.length === 0) return;
      const ids = batch.map((event) => event.id);
      try {
        await publisher.publish(batch.flatMap(realtimeDeliveriesFor));
        await via.update(events).set({ publishedAt: new Date() }).where(inArray(events.id, ids));
        for (const event of batch) metrics().eventsPublished.inc({ type: event.type });
      } catch (error) {
        log.warn({ err: error, eventIds: ids }, "realtime publish failed; the outbox relay will retry");
        metrics().publishFailures.inc();
        await via
          .update(events)
          .set({ publishAttempts: sql`${events.publishAttempts} + 1` })
          .where(inArray(events.id, ids))
          .catch(() => {});
      }
    },
  };
}
