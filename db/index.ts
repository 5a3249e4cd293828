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
import * as schema from "./schema";

type Schema = typeof schema;
export type Database = PgDatabase<PgQueryResultHKT, Schema>;
export type Transaction = PgTransaction<PgQueryResultHKT, Schema, ExtractTablesWithRelations<Schema>>;
/** Anything a query can run on: the database itself or an open transaction. */
export type Executor = Database | Transaction;

export type DatabaseTarget =
  { driver: "postgres"; url: string; maxConnections?: number } | { driver: "pglite"; dataDir: string | "memory" };

export type DatabaseHandle = {
  db: Database;
  driver: DatabaseTarget["driver"];
  close: () => Promise<void>;
};

const MIGRATIONS_FOLDER = path.join(process.cwd(), "db", "migrations");

export async function openDatabase(target: DatabaseTarget): Promise<DatabaseHandle> {
  if (target.driver === "postgres") {
    const client = postgres(target.url, {
      max: target.maxConnections ?? 10,
      onnotice: () => {},
    });
    const db = drizzlePostgres({ client, schema });
    await migratePostgres(db, { migrationsFolder: MIGRATIONS_FOLDER });
    return { db: db as unknown as Database, driver: "postgres", close: () => client.end({ timeout: 5 }) };
  }
  if (target.dataDir !== "memory") mkdirSync(target.dataDir, { recursive: true });
  const client = target.dataDir === "memory" ? new PGlite() : new PGlite(target.dataDir);
  const db = drizzlePglite({ client, schema });
  await migratePglite(db, { migrationsFolder: MIGRATIONS_FOLDER });
  return { db: db as unknown as Database, driver: "pglite", close: () => client.close() };
}

export function databaseTargetFromEnv(env: { DATABASE_URL?: string; DATA_DIR: string }): DatabaseTarget {
  return env.DATABASE_URL
    ? { driver: "postgres", url: env.DATABASE_URL }
    : { driver: "pglite", dataDir: path.resolve(env.DATA_DIR, "pglite") };
}

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
