import { getServerSession } from "next-auth";
import { cache } from "react";
import type { AgentActor } from "@/server/actor";
import { authOptions } from "./options";

/**
 * The signed-in agent for this request, or null. Reads the session cookie via next/headers;
 * cached per render so a layout and its page decode the session once.
 */
export const getAgentActor = cache(async (): Promise<(AgentActor & { name: string; email: string }) | null> => {
  const session = await getServerSession(authOptions());
  const user = session?.user;
  if (!user?.id || !user.workspaceId || !user.role) return null;
  return {
    kind: "agent",
    userId: user.id,
    workspaceId: user.workspaceId,
    role: user.role,
    name: user.name,
    email: user.email,
  };
});
