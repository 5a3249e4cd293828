import { readinessResponse } from "@/server/http/readiness";

export const dynamic = "force-dynamic";

/** Kept for existing probes: the same answer as /api/health/ready. */
export const GET = readinessResponse;
