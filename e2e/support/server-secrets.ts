import { readFileSync } from "node:fs";

export type ServerSecrets = { authSecret: string; pusherAppId: string; pusherKey: string; pusherSecret: string };

/** The secrets the e2e server under `baseURL` generated into its data directory (see playwright.config.ts). */
export function serverSecrets(baseURL: string): ServerSecrets {
  const port = Number(new URL(baseURL).port);
  const dataDir = port === Number(process.env.E2E_PORT ?? 3210) ? ".data-e2e" : ".data-e2e-pg";
  return JSON.parse(readFileSync(`${dataDir}/secrets.json`, "utf8")) as ServerSecrets;
}
