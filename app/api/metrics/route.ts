import { metrics } from "@/server/metrics";

export const dynamic = "force-dynamic";

/** Prometheus scrape endpoint; carries no tenant data, only counts and timings. */
export async function GET() {
  const { registry } = metrics();
  return new Response(await registry.metrics(), { headers: { "content-type": registry.contentType } });
}
