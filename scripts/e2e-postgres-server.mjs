#!/usr/bin/env node
// Runs the app for the browser/HTTP tests on PostgreSQL: a scratch database per run,
// created here and dropped when the server stops. Databases left by runs whose
// process is gone (killed) are dropped at the next start.
import { spawn } from "node:child_process";
import postgres from "postgres";

const adminUrl = process.env.TEST_DATABASE_URL;
if (!adminUrl) {
  console.error("TEST_DATABASE_URL is required");
  process.exit(1);
}
const PREFIX = "switchboard_e2e_";
const admin = postgres(adminUrl, { max: 1, onnotice: () => {} });

const alive = (pid) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};
for (const { datname } of await admin`select datname from pg_database where datname like ${PREFIX + "%"}`) {
  const pid = Number(datname.slice(PREFIX.length).split("_")[0]);
  if (!alive(pid)) await admin.unsafe(`drop database if exists ${datname} with (force)`);
}

const name = `${PREFIX}${process.pid}_${Date.now()}`;
await admin.unsafe(`create database ${name}`);
const url = new URL(adminUrl);
url.pathname = `/${name}`;

const child = spawn("npx", ["tsx", "server.ts"], {
  stdio: "inherit",
  env: { ...process.env, DATABASE_URL: url.toString() },
});
for (const signal of ["SIGTERM", "SIGINT"]) process.on(signal, () => child.kill(signal));
child.on("exit", async (code) => {
  await admin.unsafe(`drop database if exists ${name} with (force)`).catch(() => {});
  await admin.end();
  process.exit(code ?? 0);
});
