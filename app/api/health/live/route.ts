export const dynamic = "force-dynamic";

/** Liveness: the process serves requests. Touches nothing else, so browsers may poll it cheaply. */
export function GET() {
  return Response.json({ status: "live" }, { headers: { "Cache-Control": "no-store" } });
}
