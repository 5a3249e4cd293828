import { databaseTargetFromEnv, openDatabase, sharedDatabase, type Database } from "@/db";
import { env } from "./env";

/** The app's database, opened (and migrated) once per process. */
export async function getDatabase(): Promise<Database> {
  const handle = await sharedDatabase(() => openDatabase(databaseTargetFromEnv(env())));
  return handle.db;
}

/** Closes the process-wide database, letting an embedded database flush cleanly on shutdown. */
export async function closeDatabase(): Promise<void> {
  const handle = await sharedDatabase(() => Promise.reject(new Error("database was never opened")));
  await handle.close();
}
