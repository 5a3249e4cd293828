import type { Database, Executor } from "@/db";
import type { StoredEvent } from "./outbox/record-event";

/** Hands committed events to realtime; failures are retried by the outbox relay. */
export type EventDispatcher = {
  dispatch(events: StoredEvent[], via?: Executor): Promise<void>;
  /** Waits until bookkeeping deferred by earlier dispatches (marking events published) is written. */
  flush?(): Promise<void>;
};

export type ServiceContext = {
  db: Database;
  dispatcher: EventDispatcher;
  /** Told when a transaction is run again after a transient database failure (logs, metrics). */
  onTransientRetry?: (error: unknown) => void;
};
