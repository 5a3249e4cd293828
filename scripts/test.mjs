#!/usr/bin/env node
// Runs every test: unit + integration on PGlite, again on PostgreSQL when TEST_DATABASE_URL
// is set, then the browser journeys in Chromium against a production build.
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";

const reports = mkdtempSync(path.join(tmpdir(), "switchboard-tests-"));
const totals = { passed: 0, failed: 0, skipped: 0 };
const failures = [];

function run(label, command, args, env) {
  console.log(`\n━━ ${label}`);
  const result = spawnSync(command, args, { stdio: "inherit", env: { ...process.env, ...env } });
  if (result.status !== 0) failures.push(label);
  return result.status === 0;
}

function countVitest(file) {
  try {
    const report = JSON.parse(readFileSync(file, "utf8"));
    totals.passed += report.numPassedTests;
    totals.failed += report.numFailedTests;
    totals.skipped += report.numPendingTests + report.numTodoTests;
  } catch {
    totals.failed += 1;
  }
}

function countPlaywright(file) {
  try {
    const { stats } = JSON.parse(readFileSync(file, "utf8"));
    totals.passed += stats.expected + stats.flaky;
    totals.failed += stats.unexpected;
    totals.skipped += stats.skipped;
  } catch {
    totals.failed += 1;
  }
}

const vitest = (label, output, env) => {
  run(label, "npx", ["vitest", "run", "--reporter=default", "--reporter=json", `--outputFile.json=${output}`], env);
  countVitest(output);
};

// The SDK builds on its own settings (DOM and ES only, no Node types), as its users build it.
run("SDK build", "npx", ["tsc", "-p", "sdk/tsconfig.json"]);

const postgresUrl = process.env.TEST_DATABASE_URL;
vitest("unit + integration on PGlite", path.join(reports, "pglite.json"), { TEST_DATABASE_URL: "" });
if (postgresUrl)
  vitest("unit + integration on PostgreSQL", path.join(reports, "postgres.json"), { TEST_DATABASE_URL: postgresUrl });
else console.log("\n(TEST_DATABASE_URL is not set: skipping the PostgreSQL pass)");

if (process.env.SKIP_E2E !== "1") {
  if (run("production build", "npx", ["next", "build"], { NEXT_TELEMETRY_DISABLED: "1" })) {
    const output = path.join(reports, "e2e.json");
    run("end-to-end in Chromium", "npx", ["playwright", "test", "--reporter=list,json"], {
      PLAYWRIGHT_JSON_OUTPUT_NAME: output,
    });
    countPlaywright(output);
  } else {
    totals.failed += 1;
  }
}

console.log(`\n${failures.length ? `Failed stages: ${failures.join(", ")}` : "All stages passed"}`);
console.log(`Total: ${totals.passed} passed, ${totals.failed} failed, ${totals.skipped} skipped`);
process.exit(failures.length ? 1 : 0);
