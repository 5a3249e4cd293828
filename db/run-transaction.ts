import type { Database, Transaction } from "./index";
import { transientKindOf } from "./transient-errors";

export type RunTransactionOptions = {
  /**
   * The work may run twice even if its first commit went through (it is keyed, like a
   * send with a client message id), so a connection lost during COMMIT may be retried too.
   */
  idempotent?: boolean;
  /** Called before the one retry, for logs and metrics. */
  onRetry?: (error: unknown) => void;
};

/**
 * Runs `work` in a transaction and, after a lost connection or a server-side rollback, runs
 * the whole transaction once more where that is safe: it never committed (the failure came before COMMIT, or the server
 * rolled it back), or it is idempotent. Anything else, or a second failure, goes to the caller.
 */
export async function runTransaction<T>(
  db: Database,
  work: (tx: Transaction) => Promise<T>,
  options: RunTransactionOptions = {},
): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    let reachedCommit = false;
    try {
      return await db.transaction(async (tx) => {
        const result = await work(tx);
        reachedCommit = true;
        return result;
      });
    } catch (error) {
      const kind = transientKindOf(error);
      // A timeout would only double the wait on a stalled database; a dropped connection is replaced.
      const worthIt = kind === "rolled-back" || kind === "connection";
      const safe = kind === "rolled-back" || !reachedCommit || options.idempotent === true;
      if (attempt > 1 || !worthIt || !safe) throw error;
      options.onRetry?.(error);
    }
  }
}

/**
 * Runs one keyed, self-contained statement (its own transaction) and, after a lost connection
 * or a server-side rollback, once more: a first attempt that did commit makes the second one
 * meet its own key, which the caller answers with what is stored.
 */
export async function runStatement<T>(work: () => Promise<T>, options: Pick<RunTransactionOptions, "onRetry"> = {}) {
  try {
    return await work();
  } catch (error) {
    const kind = transientKindOf(error);
    if (kind !== "rolled-back" && kind !== "connection") throw error;
    options.onRetry?.(error);
    return work();
  }
}
