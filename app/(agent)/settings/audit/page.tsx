import { AuditLog } from "@/components/settings/audit-log";
import { hasRole } from "@/server/actor";
import { getAgentActor } from "@/server/auth/session";

export const metadata = { title: "Audit log · Switchboard" };

export default async function AuditLogPage() {
  const agent = await getAgentActor();
  if (!agent || !hasRole(agent, "admin")) {
    return (
      <div className="flex flex-1 items-center justify-center p-10 text-sm text-slate-500">
        Only admins can read the audit log of this workspace.
      </div>
    );
  }
  return <AuditLog />;
}
