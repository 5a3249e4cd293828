import { getAgentActor } from "@/server/auth/session";
import { clientAddressOf } from "@/server/http/client-address";
import { newRequestId } from "@/server/ids";
import { getRuntime } from "@/server/runtime";
import { handleTrpcRequest } from "@/server/trpc/http-handler";
import { buildContextOrUnavailable } from "@/server/trpc/init";

export const dynamic = "force-dynamic";

async function handler(req: Request) {
  return handleTrpcRequest(req, () =>
    buildContextOrUnavailable(async () => ({
      runtime: await getRuntime(),
      agent: await getAgentActor(),
      requestId: newRequestId(),
      clientAddress: clientAddressOf(req.headers),
    })),
  );
}

export { handler as GET, handler as POST };
