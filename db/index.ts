import { mkdirSync } from "node:fs";
import path from "node:path";
import { PGlite } from "@electric-sql/pglite";
import type { ExtractTablesWithRelations } from "drizzle-orm";
import type { PgDatabase, PgQueryResultHKT, PgTransaction } from "drizzle-orm/pg-core";
import { drizzle as drizzlePglite } from "drizzle-orm/pglite";
import { migrate as migratePglite } from "drizzle-orm/pglite/migrator";
import { drizzle as drizzlePostgres } from "drizzle-orm/postgres-js";
import { migrate as migratePostgres } from "drizzle-orm/postgres-js/migrator";
import postgres from "postgres";
import { boundedClient } from "./bounded-postgres";
import * as schema from "./schema";

type Schema = typeof schema;
export type Database = PgDatabase<PgQueryResultHKT, Schema>;
export type Transaction = PgTransaction<PgQueryResultHKT, Schema, ExtractTablesWithRelations<Schema>>;
/** Anything a query can run on: the database itself or an open transaction. */
export type Executor = Database | Transaction;

/** How long PostgreSQL work may wait before it fails with a transient (503) error. */
export type DatabaseTimeouts = { connectSeconds: number; statementSeconds: number; acquireSeconds: number };

export const DEFAULT_DATABASE_TIMEOUTS: DatabaseTimeouts = {
  connectSeconds: 5,
  statementSeconds: 5,
  acquireSeconds: 3,
};

export type DatabaseTarget =
  | {
      driver: "postgres";
      url: string;
      maxConnections?: number;
      timeouts?: DatabaseTimeouts;
      /** Called for every statement sent (benchmarks count round trips with it). */
      onQuery?: () => void;
    }
  | { driver: "pglite"; dataDir: string | "memory" };

export type DatabaseHandle = {
  db: Database;
  driver: DatabaseTarget["driver"];
  close: () => Promise<void>;
};

const MIGRATIONS_FOLDER = path.join(process.cwd(), "db", "migrations");

export async function openDatabase(target: DatabaseTarget): Promise<DatabaseHandle> {
  if (target.driver === "postgres") {
    const timeouts = target.timeouts ?? DEFAULT_DATABASE_TIMEOUTS;
    // Migrations may build indexes for minutes: their own connection, without the request bounds.
    const migrator = postgres(target.url, { max: 1, onnotice: () => {}, connect_timeout: timeouts.connectSeconds });
    try {
      await migratePostgres(drizzlePostgres({ client: migrator, schema }), { migrationsFolder: MIGRATIONS_FOLDER });
    } finally {
      await migrator.end({ timeout: 5 });
    }
    const client = postgres(target.url, {
      max: target.maxConnections ?? 10,
      onnotice: () => {},
      connect_timeout: timeouts.connectSeconds,
      idle_timeout: 60,
      max_lifetime: 30 * 60,
      ...(target.onQuery ? { debug: target.onQuery } : {}),
      connection: {
        statement_timeout: timeouts.statementSeconds * 1000,
        // A transaction left open by a stalled client must not hold its row locks for long.
        idle_in_transaction_session_timeout: timeouts.statementSeconds * 2 * 1000,
      },
    });
    const bounded = boundedClient(client, {
      acquireSeconds: timeouts.acquireSeconds,
      replySeconds: timeouts.statementSeconds + 1,
    });
    const db = drizzlePostgres({ client: bounded, schema });
    return { db: db as unknown as Database, driver: "postgres", close: () => client.end({ timeout: 5 }) };
  }
  if (target.dataDir !== "memory") mkdirSync(target.dataDir, { recursive: true });
  const client = target.dataDir === "memory" ? new PGlite() : new PGlite(target.dataDir);
  const db = drizzlePglite({ client, schema });
  await migratePglite(db, { migrationsFolder: MIGRATIONS_FOLDER });
  return { db: db as unknown as Database, driver: "pglite", close: () => client.close() };
}

export function databaseTargetFromEnv(env: {
  DATABASE_URL?: string;
  DATA_DIR: string;
  DATABASE_CONNECT_TIMEOUT_SECONDS: number;
  DATABASE_STATEMENT_TIMEOUT_SECONDS: number;
  DATABASE_ACQUIRE_TIMEOUT_SECONDS: number;
}): DatabaseTarget {
  const timeouts = {
    connectSeconds: env.DATABASE_CONNECT_TIMEOUT_SECONDS,
    statementSeconds: env.DATABASE_STATEMENT_TIMEOUT_SECONDS,
    acquireSeconds: env.DATABASE_ACQUIRE_TIMEOUT_SECONDS,
  };
  return env.DATABASE_URL
    ? { driver: "postgres", url: env.DATABASE_URL, timeouts }
    : { driver: "pglite", dataDir: pgliteDirectory(env.DATA_DIR) };
}

/** Where the embedded database keeps its files inside DATA_DIR. */
export const pgliteDirectory = (dataDir: string) => path.resolve(dataDir, "pglite");

/**
 * The process-wide handle lives on globalThis because the custom server and the
 * Next.js route bundles load this module separately, and an embedded database
 * directory may only be opened once per process.
 */
const registry = globalThis as typeof globalThis & { __switchboardDatabase?: Promise<DatabaseHandle> };

export function sharedDatabase(open: () => Promise<DatabaseHandle>): Promise<DatabaseHandle> {
  registry.__switchboardDatabase ??= open();
  return registry.__switchboardDatabase;
}

export function setDatabase(handle: DatabaseHandle): void {
  registry.__switchboardDatabase = Promise.resolve(handle);
}

export { schema };
