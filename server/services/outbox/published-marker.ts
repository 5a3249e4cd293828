import { inArray } from "drizzle-orm";
import type { Logger } from "pino";
import type { Executor } from "@/db";
import { events } from "@/db/schema";

export type PublishedMarker = {
  /** Records that these events were published; written with others in one statement shortly after. */
  mark(ids: number[]): void;
  /** Whether this event was published here and its mark is not written yet (the relay leaves it alone). */
  has(id: number): boolean;
  /** Writes what is pending now (shutdown, tests). */
  flush(): Promise<void>;
};

/**
 * Marks published events in batches instead of one UPDATE per request. One UPDATE is in flight
 * at a time and takes everything marked while the previous one ran, so however slow the database
 * is, marks wait for at most one write before their own: the backlog never queues up as many
 * small writes. Until its mark is written an event is known here as published, and the relay
 * (which looks only at events older than a few seconds) leaves it alone; clients drop a repeated
 * event by its seq if the process dies in between.
 */
const RETRY_DELAY_MS = 200;
// Beyond this many unmarked events the database is truly away; the relay takes over.
const MAX_PENDING = 50_000;
// Well below PostgreSQL's 65,535 parameters per statement.
const MAX_IDS_PER_UPDATE = 10_000;

export function createPublishedMarker(db: Executor, log: Logger, options = { delayMs: 20, maxBatch: 500 }) {
  let pending: number[] = [];
  const unwritten = new Set<number>();
  let timer: NodeJS.Timeout | null = null;
  let writing: Promise<void> | null = null;

  const writeAll = async (): Promise<void> => {
    while (pending.length > 0) {
      const ids = pending.length <= MAX_IDS_PER_UPDATE ? pending : pending.slice(0, MAX_IDS_PER_UPDATE);
      pending = ids === pending ? [] : pending.slice(MAX_IDS_PER_UPDATE);
      try {
        await db.update(events).set({ publishedAt: new Date() }).where(inArray(events.id, ids));
        for (const id of ids) unwritten.delete(id);
      } catch (error) {
        // Busy or briefly unreachable: try again shortly, so the relay does not publish them a second time.
        if (pending.length + ids.length <= MAX_PENDING) {
          pending = ids.concat(pending);
        } else {
          for (const id of ids) unwritten.delete(id);
          log.warn({ err: error, count: ids.length }, "could not mark events published; the relay will");
        }
        timer ??= setTimeout(() => void flush(), RETRY_DELAY_MS);
        return;
      }
    }
  };

  const flush = (): Promise<void> => {
    if (timer) clearTimeout(timer);
    timer = null;
    writing ??= writeAll().finally(() => {
      writing = null;
      // Marked after the last look at `pending`, before this settled.
      if (pending.length > 0) timer ??= setTimeout(() => void flush(), options.delayMs);
    });
    return writing;
  };

  return {
    mark(ids) {
      for (const id of ids) unwritten.add(id);
      pending.push(...ids);
      // A write in flight takes these when it is done.
      if (writing) return;
      if (pending.length >= options.maxBatch) void flush();
      else timer ??= setTimeout(() => void flush(), options.delayMs);
    },
    has: (id) => unwritten.has(id),
    flush,
  } satisfies PublishedMarker;
}
