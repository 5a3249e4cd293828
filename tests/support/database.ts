import { inject } from "vitest";
import { openDatabase, type DatabaseHandle } from "@/db";

/** The database under test: the run's PostgreSQL database when configured, else a fresh in-memory PGlite. */
export async function openTestDatabase(): Promise<DatabaseHandle> {
  const postgresUrl = inject("postgresUrl");
  return postgresUrl
    ? openDatabase({ driver: "postgres", url: postgresUrl, maxConnections: 5 })
    : openDatabase({ driver: "pglite", dataDir: "memory" });
}

export const testDriver = () => (inject("postgresUrl") ? "postgres" : "pglite");
