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
  // Next.js allows one dev server per build directory; a second app (the SDK sample's test) builds into its own.
  distDir: process.env.SWITCHBOARD_NEXT_DIST_DIR || ".next",
  typedRoutes: false,
};

export default nextConfig;
