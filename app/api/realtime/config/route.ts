import { getRuntime } from "@/server/runtime";

export const dynamic = "force-dynamic";

/** Public realtime connection settings for SDKs and embeds (the key is public by design). */
export async function GET() {
  const runtime = await getRuntime();
  return Response.json(runtime.realtimeClient);
}
