import { fetchRequestHandler } from "@trpc/server/adapters/fetch";
import { getAgentActor } from "@/server/auth/session";
import { assertBodySize, errorResponse } from "@/server/http/errors";
import { getRuntime } from "@/server/runtime";
import { newRequestId } from "@/server/ids";
import { responseMeta } from "@/server/trpc/response-meta";
import { buildContextOrUnavailable } from "@/server/trpc/init";
import { appRouter } from "@/server/trpc/root";

export const dynamic = "force-dynamic";

async function handler(req: Request) {
  try {
    assertBodySize(req);
  } catch (error) {
    return errorResponse(error);
  }
  const runtime = await getRuntime();
  return fetchRequestHandler({
    endpoint: "/api/trpc",
    req,
    router: appRouter,
    responseMeta,
    createContext: () =>
      buildContextOrUnavailable(async () => ({ runtime, agent: await getAgentActor(), requestId: newRequestId() })),
  });
}

export { handler as GET, handler as POST };
