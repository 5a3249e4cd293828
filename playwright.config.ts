import { existsSync } from "node:fs";
import { defineConfig } from "@playwright/test";

const port = Number(process.env.E2E_PORT ?? 3210);
const postgresPort = port + 1;
// The demo API inbox delivers replies to a receiver the deliveries spec runs on this port.
const callbackPort = port + 2;
const postgresUrl = process.env.TEST_DATABASE_URL;
const chromium = process.env.CHROMIUM_PATH ?? (existsSync("/usr/bin/chromium") ? "/usr/bin/chromium" : undefined);
// A production build by default (what users run); E2E_DEV=1 uses the dev server for quick local runs.
const mode = process.env.E2E_DEV === "1" ? "development" : "production";

const appServer = (serverPort: number, dataDir: string, start: string) => ({
  command:
    `rm -rf ${dataDir} && NODE_ENV=${mode} PORT=${serverPort} DATA_DIR=${dataDir} LOG_LEVEL=warn ` +
    `DEMO_CALLBACK_URL=http://127.0.0.1:${callbackPort}/hooks CALLBACK_URLS_ALLOW_LOOPBACK=true ${start}`,
  url: `http://localhost:${serverPort}/login`,
  timeout: 180_000,
  reuseExistingServer: false,
  stdout: "pipe" as const,
  stderr: "pipe" as const,
  gracefulShutdown: { signal: "SIGTERM" as const, timeout: 10_000 },
});

/**
 * Every journey runs on embedded PGlite; with TEST_DATABASE_URL set, the HTTP-level specs
 * (api/, auth/) run again against a second server on PostgreSQL.
 */
export default defineConfig({
  testDir: "e2e",
  timeout: 60_000,
  expect: { timeout: 15_000 },
  fullyParallel: false,
  workers: 1,
  retries: process.env.CI ? 1 : 0,
  reporter: [["list"]],
  use: {
    trace: "retain-on-failure",
    launchOptions: {
      executablePath: chromium,
      args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-dev-shm-usage"],
    },
  },
  projects: [
    { name: "pglite", use: { baseURL: `http://localhost:${port}` } },
    ...(postgresUrl
      ? [
          {
            name: "postgresql",
            testMatch: ["api/**/*.spec.ts", "auth/**/*.spec.ts"],
            use: { baseURL: `http://localhost:${postgresPort}` },
          },
        ]
      : []),
  ],
  webServer: [
    appServer(port, ".data-e2e", "npx tsx server.ts"),
    ...(postgresUrl ? [appServer(postgresPort, ".data-e2e-pg", "node scripts/e2e-postgres-server.mjs")] : []),
  ],
});
