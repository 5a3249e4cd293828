import { getServerSession } from "next-auth";
import { cache } from "react";
import { getDatabase } from "@/server/database";
import { env } from "@/server/env";
import { resolveSession, type SessionAgent } from "@/server/services/session/resolve-session";
import { sessionPolicyFrom } from "@/server/services/session/session-policy";
import { authOptions } from "./options";

/**
 * The signed-in agent for this request, or null. The cookie names a session; the database
 * decides whether it still counts and what role it has now. Cached per render so a layout
 * and its page check the session once.
 */
export const getAgentActor = cache(async (): Promise<SessionAgent | null> => {
  const session = await getServerSession(authOptions());
  const sessionId = session?.user?.sessionId;
  if (!sessionId) return null;
  return resolveSession(await getDatabase(), sessionPolicyFrom(env()), sessionId);
});
