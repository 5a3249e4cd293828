import type { Sql } from "postgres";
import { DatabaseTimeoutError } from "./transient-errors";

export type QueryBounds = {
  /** Longest wait for a pooled connection before a query is given up. */
  acquireSeconds: number;
  /** Longest further wait for the server's answer (statement timeout plus grace). */
  replySeconds: number;
};

/** The parts of a postgres.js pending query we rely on (`state` is set once it is sent). */
type PendingQuery = Promise<unknown> & {
  state: unknown;
  resolve: (value: unknown) => void;
  reject: (error: unknown) => void;
  cancel(): unknown;
};
type Unsafe = (query: string, params?: unknown[], options?: object) => PendingQuery;
type Begin = (options: unknown, work?: (sql: Sql) => Promise<unknown>) => Promise<unknown>;

/**
 * postgres.js waits forever for a pooled connection and for a server that stopped answering
 * (a frozen host or network: the server's own statement_timeout cannot fire then). This wraps
 * the client drizzle uses so every query and transaction gives up in bounded time with a
 * DatabaseTimeoutError, which the app answers with 503.
 */
export function boundedClient(sql: Sql, bounds: QueryBounds): Sql {
  return new Proxy(sql, {
    get(target, property, receiver) {
      if (property === "unsafe") return boundedUnsafe(target, bounds);
      if (property === "begin") return boundedBegin(target, bounds);
      return Reflect.get(target, property, receiver);
    },
  });
}

function boundedUnsafe(sql: Sql, bounds: QueryBounds): Unsafe {
  const unsafe = sql.unsafe.bind(sql) as unknown as Unsafe;
  return (query, params, options) => {
    const pending = unsafe(query, params, options);
    let timedOut: DatabaseTimeoutError | null = null;
    const giveUp = (what: string, seconds: number) => {
      timedOut = new DatabaseTimeoutError(what, seconds);
      pending.reject(timedOut);
    };
    let timer = setTimeout(() => {
      if (pending.state !== null) {
        timer = setTimeout(() => giveUp("answer", bounds.replySeconds), bounds.replySeconds * 1000);
        return;
      }
      // Still queued for a connection: take it off the queue so it never runs late.
      pending.cancel();
      giveUp("hand out a connection", bounds.acquireSeconds);
    }, bounds.acquireSeconds * 1000);
    const { resolve, reject } = pending;
    pending.resolve = (value) => {
      clearTimeout(timer);
      resolve(value);
    };
    pending.reject = (error) => {
      clearTimeout(timer);
      reject(timedOut ?? error);
    };
    return pending;
  };
}

function boundedBegin(sql: Sql, bounds: QueryBounds): Begin {
  const begin = sql.begin.bind(sql) as unknown as Begin;
  return (options, work) => {
    const [mode, body] = typeof options === "function" ? ["", options as typeof work] : [options, work];
    if (!body) throw new Error("begin needs a callback");
    let abandoned: DatabaseTimeoutError | null = null;
    let timer: NodeJS.Timeout | undefined;
    let giveUp: (error: unknown) => void = () => {};
    const deadline = new Promise<never>((_, reject) => (giveUp = reject));
    const arm = (seconds: number, what: string) => {
      clearTimeout(timer);
      timer = setTimeout(() => giveUp((abandoned = new DatabaseTimeoutError(what, seconds))), seconds * 1000);
    };
    arm(bounds.acquireSeconds + bounds.replySeconds, "start a transaction");
    const running = begin(mode, async (tx: Sql) => {
      // Started after the caller was told it timed out: roll back instead of doing the work late.
      if (abandoned) throw abandoned;
      clearTimeout(timer);
      let result: unknown;
      try {
        result = await body(boundedClient(tx, bounds));
      } catch (error) {
        // The rollback queues behind a stalled statement on the same connection: answer now.
        if (error instanceof DatabaseTimeoutError) giveUp(error);
        else arm(bounds.replySeconds, "roll back");
        throw error;
      }
      arm(bounds.replySeconds, "commit");
      return result;
    }).finally(() => clearTimeout(timer));
    running.catch(() => {});
    return Promise.race([running, deadline]);
  };
}
