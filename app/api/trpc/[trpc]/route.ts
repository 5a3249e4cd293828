import { getAgentActor } from "@/server/auth/session";
import { getRuntime } from "@/server/runtime";
import { newRequestId } from "@/server/ids";
import { handleTrpcRequest } from "@/server/trpc/http-handler";

export const dynamic = "force-dynamic";

async function handler(req: Request) {
  return handleTrpcRequest(req, async () => ({
    runtime: await getRuntime(),
    agent: await getAgentActor(),
    requestId: newRequestId(),
  }));
}

export { handler as GET, handler as POST };
