import { getServerSession } from "next-auth";
import type { AgentActor } from "@/server/actor";
import { authOptions } from "./options";

/** The signed-in agent for this request, or null. Reads the session cookie via next/headers. */
export async function getAgentActor(): Promise<(AgentActor & { name: string; email: string }) | null> {
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
}
