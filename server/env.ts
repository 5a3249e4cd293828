import { z } from "zod";
import { isValidHostList } from "./http/host-allow-list";
import { isValidProxyList } from "./http/trusted-proxies";

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
  AUTH_SECRET: z.string().min(32, "must be at least 32 characters").optional(),
  LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
  SEED_DEMO: z.enum(["true", "false"]).default("true"),
  PUSHER_APP_ID: z.string().min(1).optional(),
  PUSHER_KEY: z.string().min(1).optional(),
  PUSHER_SECRET: z.string().min(1).optional(),
  PUSHER_HOST: z.string().min(1).optional(),
  PUSHER_PORT: z.coerce.number({ error: "must be a port number (1-65535)" }).int().min(1).max(65535).optional(),
  PUSHER_USE_TLS: z.enum(["true", "false"]).optional(),
  PUSHER_CLUSTER: z.string().min(1).default("mt1"),
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
