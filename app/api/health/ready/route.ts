import { readinessResponse } from "@/server/http/readiness";

export const dynamic = "force-dynamic";

/** Readiness: the database answers within a second; outbox lag and realtime state for operators. */
export const GET = readinessResponse;
