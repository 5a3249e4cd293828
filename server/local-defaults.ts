import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { trustedOrigin } from "./http/trusted-origin";

function trustedOriginOf(environment: NodeJS.ProcessEnv): string | undefined {
  try {
    return trustedOrigin({ PUBLIC_URL: environment.PUBLIC_URL || undefined, PORT: environment.PORT || 3000 });
  } catch {
    return undefined; // an invalid PUBLIC_URL stops the app with a clear message in env()
  }
}

type LocalSecrets = { authSecret: string; pusherAppId: string; pusherKey: string; pusherSecret: string };

/**
 * A fresh laptop has no secrets configured. Generate them once into the data directory
 * and export them as environment values, so sessions and realtime keys survive restarts.
 * Explicitly configured values always win.
 */
export function applyLocalDefaults(environment: NodeJS.ProcessEnv = process.env): void {
  const dataDir = environment.DATA_DIR || "./.data";
  const file = path.resolve(dataDir, "secrets.json");
  let secrets: LocalSecrets;
  if (existsSync(file)) {
    secrets = JSON.parse(readFileSync(file, "utf8")) as LocalSecrets;
  } else {
    secrets = {
      authSecret: randomBytes(32).toString("base64url"),
      pusherAppId: String(100000 + Math.floor(Math.random() * 899999)),
      pusherKey: randomBytes(10).toString("hex"),
      pusherSecret: randomBytes(20).toString("hex"),
    };
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, JSON.stringify(secrets, null, 2), { mode: 0o600 });
  }
  environment.AUTH_SECRET ||= secrets.authSecret;
  environment.NEXTAUTH_SECRET ||= environment.AUTH_SECRET;
  if (!environment.PUSHER_HOST) {
    environment.PUSHER_APP_ID ||= secrets.pusherAppId;
    environment.PUSHER_KEY ||= secrets.pusherKey;
    environment.PUSHER_SECRET ||= secrets.pusherSecret;
  }
  // next-auth builds redirects from its base URL: pin it to our own origin (PUBLIC_URL), never a
  // request's Host, and over any NEXTAUTH_URL so the two cannot disagree.
  const origin = trustedOriginOf(environment);
  if (origin) environment.NEXTAUTH_URL = origin;
  // Nothing should phone home from a self-hosted desk unless asked to.
  environment.NEXT_TELEMETRY_DISABLED ||= "1";
}
