import { sql, type SQL } from "drizzle-orm";
import type { Database, Executor } from "@/db";

/** What pg-boss needs of a database: `executeSql(text, values)` answering `{ rows }`. */
export type BossDatabase = { executeSql(text: string, values?: unknown[]): Promise<{ rows: unknown[] }> };

/** node-postgres' conversion of a parameter to text, which pg-boss's SQL is written against. */
function prepareValue(value: unknown): string | null {
  if (value === null || value === undefined) return null;
  if (value instanceof Date) return value.toISOString();
  if (Array.isArray(value)) return arrayLiteral(value);
  if (typeof value === "object") return JSON.stringify(value);
  return String(value);
}

function arrayLiteral(values: unknown[]): string {
  const items = values.map((item) => {
    if (item === null || item === undefined) return "NULL";
    if (Array.isArray(item)) return arrayLiteral(item);
    const text = prepareValue(item) ?? "";
    return `"${text.replace(/\\/g, "\\\\").replace(/"/g, '\\"')}"`;
  });
  return `{${items.join(",")}}`;
}

/** pg-boss's `$n` placeholders as drizzle parameters, so the statement runs on any of our executors. */
function toStatement(text: string, values: unknown[]): SQL {
  const chunks: SQL[] = [];
  let last = 0;
  for (const match of text.matchAll(/\$(\d+)/g)) {
    chunks.push(sql.raw(text.slice(last, match.index)));
    chunks.push(sql`${prepareValue(values[Number(match[1]) - 1])}`);
    last = match.index + match[0].length;
  }
  chunks.push(sql.raw(text.slice(last)));
  return sql.join(chunks);
}

const rowsOf = (result: unknown): unknown[] =>
  Array.isArray(result) ? result : ((result as { rows?: unknown[] }).rows ?? []);

type PgliteClient = { exec(text: string): Promise<{ rows: unknown[] }[]> };
type PostgresQueries = { unsafe(text: string, params: unknown[], options: { simple: true }): Promise<unknown> };
type PostgresClient = PostgresQueries & { reserve(): Promise<PostgresQueries & { release(): void }> };

/**
 * pg-boss's own statements (schema, maintenance) are parameterless scripts of several
 * statements wrapped in BEGIN…COMMIT; those go to the driver's simple-query path. Everything
 * else is one parameterised statement run through drizzle, so inside our transaction it is
 * part of that transaction (on embedded PGlite, the only connection, anything else would wait
 * for the transaction to end: a deadlock).
 */
export function bossDatabase(executor: Executor): BossDatabase {
  return {
    async executeSql(text, values) {
      if (values && values.length > 0) return { rows: rowsOf(await executor.execute(toStatement(text, values))) };
      const client = (executor as Database & { $client?: unknown }).$client;
      if (client && typeof (client as PgliteClient).exec === "function") {
        const results = await (client as PgliteClient).exec(text);
        return { rows: results.at(-1)?.rows ?? [] };
      }
      if (client && typeof (client as PostgresClient).reserve === "function") {
        // A script's BEGIN…COMMIT must stay on one pooled connection.
        const connection = await (client as PostgresClient).reserve();
        let result: unknown;
        try {
          result = await connection.unsafe(text, [], { simple: true });
        } finally {
          connection.release();
        }
        // A script answers one row list per statement.
        const last = Array.isArray(result) && Array.isArray(result.at(-1)) ? result.at(-1) : result;
        return { rows: rowsOf(last) };
      }
      return { rows: rowsOf(await executor.execute(sql.raw(text))) };
    },
  };
}
