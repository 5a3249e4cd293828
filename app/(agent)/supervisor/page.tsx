import { QueueOverview } from "@/components/supervisor/queue-overview";
import { RoutingReport } from "@/components/supervisor/routing-report";
import { hasRole } from "@/server/actor";
import { getAgentActor } from "@/server/auth/session";

export const metadata = { title: "Supervisor · Switchboard" };

export default async function SupervisorPage() {
  const agent = await getAgentActor();
  if (!agent || !hasRole(agent, "supervisor")) {
    return (
      <div className="flex flex-1 items-center justify-center p-10 text-sm text-slate-500">
        Only supervisors and admins can watch the queues.
      </div>
    );
  }
  return (
    <div className="flex-1 overflow-y-auto bg-slate-50 p-8">
      <div className="mx-auto max-w-5xl space-y-8">
        <div>
          <h1 className="text-xl font-semibold text-slate-900">Queues</h1>
          <p className="mt-1 text-sm text-slate-500">
            Live: who is waiting, who is working, and which SLAs are at risk.
          </p>
          <div className="mt-4">
            <QueueOverview workspaceId={agent.workspaceId} />
          </div>
        </div>
        <div>
          <h2 className="text-xl font-semibold text-slate-900">Report</h2>
          <div className="mt-4">
            <RoutingReport />
          </div>
        </div>
      </div>
    </div>
  );
}
