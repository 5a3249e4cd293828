import { getAgentActor } from "@/server/auth/session";
import { InvalidInputError, UnauthorizedError } from "@/server/errors";
import { MAX_CHANNEL_AUTH_BODY_BYTES, readTextWithinLimit } from "@/server/http/body-limit";
import { clientAddressOf } from "@/server/http/client-address";
import { errorResponse } from "@/server/http/errors";
import { sessionGuard } from "@/server/realtime/session-guard";
import { getRuntime, type Runtime } from "@/server/runtime";
import { authorizeChannel, type Subscriber } from "@/server/services/realtime/authorize-channel";
import { limitChannelAuthRefusals } from "@/server/services/realtime/limit-channel-auth-refusals";
import { ChannelAuthRequest } from "@/server/services/realtime/schemas";
import { resolveVisitor } from "@/server/services/widget/resolve-visitor";

export const dynamic = "force-dynamic";

/** Pusher channel authorization: agents by session cookie, widget visitors by visitor token. */
export async function POST(req: Request) {
  try {
    const body = await readTextWithinLimit(req, MAX_CHANNEL_AUTH_BODY_BYTES);
    const runtime = await getRuntime();
    const address = clientAddressOf(req.headers);
    return Response.json(await limitChannelAuthRefusals(runtime.limits, address, () => authorize(body, runtime)));
  } catch (error) {
    return errorResponse(error);
  }
}

async function authorize(body: string, runtime: Runtime) {
  const parsed = ChannelAuthRequest.safeParse(Object.fromEntries(new URLSearchParams(body)));
  if (!parsed.success) throw new InvalidInputError(parsed.error.issues[0]?.message ?? "Invalid request");
  const request = parsed.data;

  let subscriber: Subscriber;
  let agentSessionId: string | null = null;
  if (request.inbox_token && request.visitor_token) {
    const visitor = await resolveVisitor(runtime.db, runtime.visitorKeys, {
      inboxToken: request.inbox_token,
      visitorToken: request.visitor_token,
    });
    subscriber = { kind: "visitor", visitor };
  } else {
    const agent = await getAgentActor();
    if (!agent) throw new UnauthorizedError("Please sign in");
    subscriber = { kind: "agent", actor: agent };
    agentSessionId = agent.sessionId;
  }
  const grant = await authorizeChannel(runtime.db, subscriber, request.channel_name);
  // The realtime server drops this socket as soon as the agent's session ends.
  if (agentSessionId) sessionGuard()?.bind(request.socket_id, agentSessionId);
  return runtime.publisher.authorizeChannel(request.socket_id, request.channel_name, grant.presence);
}
