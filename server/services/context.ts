import type { Database, Executor } from "@/db";
import type { StoredEvent } from "./outbox/record-event";

/** Hands committed events to realtime; failures are retried by the outbox relay. */
export type EventDispatcher = {
  dispatch(events: StoredEvent[], via?: Executor): Promise<void>;
  /** Waits until bookkeeping deferred by earlier dispatches (marking events published) is written. */
  flush?(): Promise<void>;
  /** True while this process has published the event but not yet recorded it: not the relay's to publish. */
  publishedHere?(eventId: number): boolean;
};

export type ServiceContext = {
  db: Database;
  dispatcher: EventDispatcher;
  /** Told when a transaction is run again after a transient database failure (logs, metrics). */
  onTransientRetry?: (error: unknown) => void;
};
