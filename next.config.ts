import type { NextConfig } from "next";

const nextConfig: NextConfig = {
  // Native, wasm or socket-owning packages must be loaded by Node, not bundled.
  serverExternalPackages: [
    "@electric-sql/pglite",
    "postgres",
    "pino",
    "pusher",
    "ws",
    "bcryptjs",
    "prom-client",
    "rate-limiter-flexible",
    "ioredis",
  ],
  poweredByHeader: false,
  typedRoutes: false,
};

export default nextConfig;
