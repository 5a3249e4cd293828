import type { Executor } from "./index";

type PendingRows = Promise<Record<string, unknown>[]> & { execute(): PendingRows };
type PostgresJsClient = {
  unsafe(query: string, params: unknown[], options: { prepare: boolean }): PendingRows;
};
type PgliteClient = {
  query(query: string, params: unknown[]): Promise<{ rows: Record<string, unknown>[] }>;
};

const clientOf = (db: Executor): PostgresJsClient | PgliteClient =>
  (db as unknown as { session: { client: PostgresJsClient | PgliteClient } }).session.client;

/**
 * Runs one hand-written statement on the same connection, pool and bounds as drizzle's own
 * queries (inside a transaction too). For the few hottest statements only: building a query
 * with drizzle costs more CPU than PostgreSQL spends running it, and a named prepared
 * statement saves the server its parse and plan. Parameters are passed as text (cast them
 * in the SQL) and columns come back as the driver parses them, so select only text and
 * numbers, never timestamps or bigints (their parsing differs between drivers).
 */
export async function rawQuery<Row extends Record<string, unknown>>(
  db: Executor,
  text: string,
  params: unknown[],
): Promise<Row[]> {
  const client = clientOf(db);
  if ("unsafe" in client) return (await client.unsafe(text, params, { prepare: true })) as Row[];
  return (await client.query(text, params)).rows as Row[];
}

/** One hand-written statement and how its rows are read. */
export type Statement<T> = { text: string; params: unknown[]; read: (rows: Record<string, unknown>[]) => T };

type ResultsOf<T extends readonly Statement<unknown>[]> = {
  [K in keyof T]: T[K] extends Statement<infer R> ? R : never;
};

/**
 * Sends several statements at once and waits for them together: on PostgreSQL they are
 * pipelined on the transaction's connection (one round trip instead of one each); the server
 * still runs them one after another, in order, each seeing what the ones before it did, and
 * each taking its own snapshot when it starts. If one fails, the transaction is aborted and
 * the batch rejects with that error. On PGlite they simply run in order.
 */
export async function rawBatch<const T extends readonly Statement<unknown>[]>(
  db: Executor,
  statements: T,
): Promise<ResultsOf<T>> {
  const client = clientOf(db);
  let rows: Record<string, unknown>[][];
  if ("unsafe" in client) {
    // `execute()` queues each one now, in this order, instead of when it is awaited.
    rows = await Promise.all(
      statements.map((statement) => client.unsafe(statement.text, statement.params, { prepare: true }).execute()),
    );
  } else {
    rows = [];
    for (const statement of statements) rows.push((await client.query(statement.text, statement.params)).rows);
  }
  return statements.map((statement, index) => statement.read(rows[index]!)) as ResultsOf<T>;
}
