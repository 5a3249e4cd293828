import { z } from "zod";
import { isValidHostList } from "./http/host-allow-list";
import { isValidProxyList } from "./http/trusted-proxies";

const DURATION_UNITS = { s: 1, m: 60, h: 3600, d: 86400 } as const;

/** A rate as `points/duration`, e.g. `5/15m`: at most 5 in any 15 minutes. */
const Rate = z
  .string()
  .regex(/^\d+\/\d+[smhd]$/, "must look like 5/15m (count/duration with s, m, h or d)")
  .transform((value) => {
    const [points, window] = value.split("/") as [string, string];
    const unit = window.slice(-1) as keyof typeof DURATION_UNITS;
    return { points: Number(points), seconds: Number(window.slice(0, -1)) * DURATION_UNITS[unit] };
  })
  .refine((rate) => rate.points >= 1 && rate.seconds >= 1, "needs at least 1 per at least 1s");
export type Rate = { points: number; seconds: number };

const seconds = (fallback: number, max = 600) =>
  z.coerce.number({ error: "must be a number of seconds" }).int().min(1).max(max).default(fallback);

const minutes = (fallback: number) =>
  z.coerce.number({ error: "must be a number of minutes" }).int().min(1).max(525_600).default(fallback);

/**
 * The one place that reads process.env. Optional integrations resolve to `null`
 * when unset so callers can disable them cleanly instead of crashing.
 */
const EnvSchema = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  PORT: z.coerce.number({ error: "must be a port number (1-65535)" }).int().min(1).max(65535).default(3000),
  HOST: z.string().min(1).default("0.0.0.0"),
  PUBLIC_URL: z.url({ protocol: /^https?$/, error: "must be an http:// or https:// URL" }).optional(),
  ALLOWED_HOSTS: z
    .string()
    .default("")
    .refine(isValidHostList, "must be a comma-separated list of host names, each with an optional :port"),
  TRUSTED_PROXIES: z
    .string()
    .default("")
    .refine(isValidProxyList, "must be a comma-separated list of IP addresses or CIDR ranges (10.0.0.0/8)"),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, "must be a postgres:// or postgresql:// URL")
    .optional(),
  DATA_DIR: z.string().min(1).default("./.data"),
  // PostgreSQL waits: a stalled or restarting database is answered with 503 within seconds, not minutes.
  DATABASE_CONNECT_TIMEOUT_SECONDS: seconds(5, 120),
  DATABASE_STATEMENT_TIMEOUT_SECONDS: seconds(5),
  DATABASE_ACQUIRE_TIMEOUT_SECONDS: seconds(3, 120),
  AUTH_SECRET: z.string().min(32, "must be at least 32 characters").optional(),
  // Older secrets, comma-separated: widget visitor tokens they signed stay valid until renewed.
  AUTH_SECRET_PREVIOUS: z
    .string()
    .transform((value) =>
      value
        .split(",")
        .map((secret) => secret.trim())
        .filter(Boolean),
    )
    .pipe(z.array(z.string().min(32, "every previous secret must be at least 32 characters")))
    .prefault(""),
  VISITOR_TOKEN_TTL_DAYS: z.coerce.number({ error: "must be a number of days" }).int().min(1).max(365).default(30),
  LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
  SEED_DEMO: z.enum(["true", "false"]).default("true"),
  PUSHER_APP_ID: z.string().min(1).optional(),
  PUSHER_KEY: z.string().min(1).optional(),
  PUSHER_SECRET: z.string().min(1).optional(),
  PUSHER_HOST: z.string().min(1).optional(),
  PUSHER_PORT: z.coerce.number({ error: "must be a port number (1-65535)" }).int().min(1).max(65535).optional(),
  PUSHER_USE_TLS: z.enum(["true", "false"]).optional(),
  PUSHER_CLUSTER: z.string().min(1).default("mt1"),
  REDIS_URL: z
    .string()
    .regex(/^rediss?:\/\//, "must be a redis:// or rediss:// URL")
    .optional(),
  // Callback URLs (API inboxes) must reach a public address; "true" also allows loopback, for local development.
  CALLBACK_URLS_ALLOW_LOOPBACK: z.enum(["true", "false"]).default("false"),
  // Routing: how often the routing clock runs, how long an offline agent keeps their conversations,
  // and how long an assigned conversation may wait for its agent's reply before it is reclaimed.
  ROUTING_CLOCK_SECONDS: seconds(1, 60),
  ROUTING_OFFLINE_GRACE_SECONDS: seconds(120, 86_400),
  ROUTING_RECLAIM_AFTER_MINUTES: minutes(30),
  // Where the demo workspace's API inbox delivers agent replies; unset, a host that never resolves.
  DEMO_CALLBACK_URL: z.url({ protocol: /^https?$/, error: "must be an http(s) URL" }).optional(),
  // Sessions: an idle one ends after SESSION_IDLE_MINUTES, any one after SESSION_MAX_AGE_MINUTES.
  SESSION_IDLE_MINUTES: minutes(120),
  SESSION_MAX_AGE_MINUTES: minutes(12 * 60),
  // Rate limits (count/duration); see docs/SECURITY.md for what each protects.
  LIMIT_SIGN_IN_FAILURES_PER_ACCOUNT: Rate.prefault("5/15m"),
  LIMIT_SIGN_IN_FAILURES_PER_ADDRESS: Rate.prefault("20/15m"),
  LIMIT_WIDGET_SESSIONS_PER_ADDRESS: Rate.prefault("120/1h"),
  LIMIT_WIDGET_CONVERSATIONS_PER_ADDRESS: Rate.prefault("20/1h"),
  LIMIT_WIDGET_CONVERSATIONS_PER_VISITOR: Rate.prefault("3/1h"),
  LIMIT_WIDGET_MESSAGES_PER_VISITOR: Rate.prefault("30/1m"),
  LIMIT_CHANNEL_AUTH_FAILURES_PER_ADDRESS: Rate.prefault("30/1m"),
  LIMIT_API_USERS_PER_ADDRESS: Rate.prefault("120/1h"),
  LIMIT_API_MESSAGES_PER_USER: Rate.prefault("60/1m"),
  LIMIT_INVITATION_FAILURES_PER_ADDRESS: Rate.prefault("20/15m"),
});

export type Env = z.infer<typeof EnvSchema>;

export class InvalidEnvironmentError extends Error {}

export function parseEnv(source: Record<string, string | undefined>): Env {
  const cleaned = Object.fromEntries(Object.entries(source).filter(([, value]) => value !== ""));
  const result = EnvSchema.safeParse(cleaned);
  if (!result.success) {
    const lines = result.error.issues.map((issue) => `  ${issue.path.join(".")}: ${issue.message}`);
    throw new InvalidEnvironmentError(`Invalid environment configuration:\n${lines.join("\n")}`);
  }
  const env = result.data;
  if (env.PUSHER_HOST && !(env.PUSHER_APP_ID && env.PUSHER_KEY && env.PUSHER_SECRET)) {
    throw new InvalidEnvironmentError(
      "Invalid environment configuration:\n  PUSHER_HOST is set, so PUSHER_APP_ID, PUSHER_KEY and PUSHER_SECRET are required too",
    );
  }
  return env;
}

let cached: Env | undefined;

export function env(): Env {
  cached ??= parseEnv(process.env);
  return cached;
}
