import { inArray } from "drizzle-orm";
import type { Logger } from "pino";
import type { Executor } from "@/db";
import { events } from "@/db/schema";

export type PublishedMarker = {
  /** Records that these events were published; written with others in one statement shortly after. */
  mark(ids: number[]): void;
  /** Writes what is pending now (shutdown, tests). */
  flush(): Promise<void>;
};

/**
 * Marks published events in batches instead of one UPDATE per request. Safe because the relay
 * only looks at events older than a few seconds: an event published but not yet marked is never
 * republished unless the process dies in between, and clients drop a repeated event by its seq.
 */
const RETRY_DELAY_MS = 200;
// Beyond this many unmarked events the database is truly away; the relay takes over.
const MAX_PENDING = 50_000;

export function createPublishedMarker(db: Executor, log: Logger, options = { delayMs: 20, maxBatch: 500 }) {
  let pending: number[] = [];
  let timer: NodeJS.Timeout | null = null;
  let writing: Promise<void> = Promise.resolve();

  const flush = (): Promise<void> => {
    if (timer) clearTimeout(timer);
    timer = null;
    if (pending.length === 0) return writing;
    const ids = pending;
    pending = [];
    writing = writing
      .then(() => db.update(events).set({ publishedAt: new Date() }).where(inArray(events.id, ids)))
      .then(
        () => undefined,
        (error: unknown) => {
          // Busy or briefly unreachable: try again shortly, so the relay does not publish them a second time.
          if (pending.length + ids.length <= MAX_PENDING) pending.push(...ids);
          else log.warn({ err: error, count: ids.length }, "could not mark events published; the relay will");
          timer ??= setTimeout(() => void flush(), RETRY_DELAY_MS);
        },
      );
    return writing;
  };

  return {
    mark(ids) {
      pending.push(...ids);
      if (pending.length >= options.maxBatch) void flush();
      else timer ??= setTimeout(() => void flush(), options.delayMs);
    },
    flush,
  } satisfies PublishedMarker;
}
