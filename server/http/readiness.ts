import { metrics } from "@/server/metrics";
import { getRuntime } from "@/server/runtime";
import { checkHealth } from "@/server/services/system/check-health";

/** Readiness for load balancers: 503 while the database is unreachable, 200 (maybe `degraded`) otherwise. */
export async function readinessResponse(): Promise<Response> {
  const runtime = await getRuntime();
  const stats = metrics().realtimeSnapshot();
  const health = await checkHealth(runtime.db, {
    realtime: stats ? { server: "built-in", connections: stats.connections } : { server: "external" },
  });
  return Response.json(health, {
    status: health.status === "down" ? 503 : 200,
    headers: { "Cache-Control": "no-store", ...(health.status === "down" ? { "Retry-After": "2" } : {}) },
  });
}
