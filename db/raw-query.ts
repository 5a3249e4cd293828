import type { Executor } from "./index";

type PostgresJsClient = {
  unsafe(query: string, params: unknown[], options: { prepare: boolean }): Promise<Record<string, unknown>[]>;
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
