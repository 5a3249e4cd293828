import { databaseTargetFromEnv, openDatabase, sharedDatabase, type Database } from "@/db";
import { env } from "./env";

/** The app's database, opened (and migrated) once per process. */
export async function getDatabase(): Promise<Database> {
  const handle = await sharedDatabase(() => openDatabase(databaseTargetFromEnv(env())));
  return handle.db;
}
