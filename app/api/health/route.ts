import { getRuntime } from "@/server/runtime";
import { checkHealth } from "@/server/services/system/check-health";

export const dynamic = "force-dynamic";

/** Liveness and readiness for load balancers: 503 only when the database is unreachable. */
export async function GET() {
  const runtime = await getRuntime();
  const health = await checkHealth(runtime.db);
  return Response.json(health, { status: health.status === "down" ? 503 : 200 });
}
