import pino from "pino";
import { env } from "./env";

const registry = globalThis as typeof globalThis & { __switchboardLogger?: pino.Logger };

export function logger(): pino.Logger {
  registry.__switchboardLogger ??= pino({ level: env().LOG_LEVEL, base: { service: "switchboard" } });
  return registry.__switchboardLogger;
}
