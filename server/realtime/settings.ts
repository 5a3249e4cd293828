import type { Env } from "@/server/env";

export type RealtimeSettings = {
  appId: string;
  key: string;
  secret: string;
  /** Where the server SDK sends events: the built-in server on our own port, or an external cluster. */
  host: string;
  port: number;
  useTLS: boolean;
  cluster: string;
  builtIn: boolean;
};

/** What the browser needs to connect; `wsHost: null` means "the page's own host and port". */
export type RealtimeClientConfig = {
  key: string;
  cluster: string;
  wsHost: string | null;
  wsPort: number | null;
  forceTLS: boolean;
  authEndpoint: string;
};

export function realtimeSettings(env: Env): RealtimeSettings {
  if (!env.PUSHER_APP_ID || !env.PUSHER_KEY || !env.PUSHER_SECRET) {
    throw new Error("Realtime keys are missing: set PUSHER_APP_ID, PUSHER_KEY and PUSHER_SECRET");
  }
  const builtIn = !env.PUSHER_HOST;
  const useTLS = env.PUSHER_USE_TLS ? env.PUSHER_USE_TLS === "true" : !builtIn;
  return {
    appId: env.PUSHER_APP_ID,
    key: env.PUSHER_KEY,
    secret: env.PUSHER_SECRET,
    host: env.PUSHER_HOST ?? "127.0.0.1",
    port: env.PUSHER_PORT ?? (builtIn ? env.PORT : useTLS ? 443 : 80),
    useTLS,
    cluster: env.PUSHER_CLUSTER,
    builtIn,
  };
}

export function realtimeClientConfig(settings: RealtimeSettings): RealtimeClientConfig {
  return {
    key: settings.key,
    cluster: settings.cluster,
    wsHost: settings.builtIn ? null : settings.host,
    wsPort: settings.builtIn ? null : settings.port,
    forceTLS: settings.useTLS,
    authEndpoint: "/api/realtime/auth",
  };
}
