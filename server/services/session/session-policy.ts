import type { Env } from "@/server/env";

/** How long a session lives: idle for at most `idleMs`, in all at most `maxAgeMs`. */
export type SessionPolicy = { idleMs: number; maxAgeMs: number };

export const sessionPolicyFrom = (config: Env): SessionPolicy => ({
  idleMs: config.SESSION_IDLE_MINUTES * 60_000,
  maxAgeMs: config.SESSION_MAX_AGE_MINUTES * 60_000,
});

/** Activity is written at most this often, so a busy agent's requests cost no write each. */
export const TOUCH_INTERVAL_MS = 60_000;
