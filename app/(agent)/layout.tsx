import { redirect } from "next/navigation";
import { AgentShell } from "@/components/inbox/agent-shell";
import { getAgentActor } from "@/server/auth/session";
import { getRuntime } from "@/server/runtime";

export const dynamic = "force-dynamic";

export default async function AgentLayout({ children }: { children: React.ReactNode }) {
  const agent = await getAgentActor();
  if (!agent) redirect("/login");
  const runtime = await getRuntime();
  return (
    <AgentShell
      agent={{
        userId: agent.userId,
        name: agent.name,
        email: agent.email,
        role: agent.role,
        workspaceId: agent.workspaceId,
      }}
      realtime={runtime.realtimeClient}
    >
      {children}
    </AgentShell>
  );
}
