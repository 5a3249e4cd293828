import postgres from "postgres";
import type { TestProject } from "vitest/node";
import { openDatabase } from "../db";

declare module "vitest" {
  export interface ProvidedContext {
    postgresUrl: string | null;
  }
}

/**
 * With TEST_DATABASE_URL set, every run gets its own throwaway PostgreSQL database so
 * runs never see each other's rows; without it, suites use in-memory PGlite.
 */
export default async function setup(project: TestProject) {
  const adminUrl = process.env.TEST_DATABASE_URL;
  if (!adminUrl) {
    project.provide("postgresUrl", null);
    return;
  }
  const name = `switchboard_test_${process.pid}_${Date.now()}`;
  const admin = postgres(adminUrl, { max: 1, onnotice: () => {} });
  await admin.unsafe(`create database ${name}`);
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  // Migrate once here: test files open the database in parallel, and concurrent
  // migrators would race to create the same types and tables.
  const migrated = await openDatabase({ driver: "postgres", url: url.toString(), maxConnections: 1 });
  await migrated.close();
  project.provide("postgresUrl", url.toString());

  return async () => {
    await admin.unsafe(`drop database if exists ${name} with (force)`);
    await admin.end();
  };
}
