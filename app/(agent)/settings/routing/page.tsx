import { RoutingSettings } from "@/components/settings/routing/routing-settings";
import { hasRole } from "@/server/actor";
import { getAgentActor } from "@/server/auth/session";

export const metadata = { title: "Routing · Switchboard" };

export default async function RoutingSettingsPage() {
  const agent = await getAgentActor();
  if (!agent || !hasRole(agent, "supervisor")) {
    return (
      <div className="flex flex-1 items-center justify-center p-10 text-sm text-slate-500">
        Only supervisors and admins can see routing.
      </div>
    );
  }
  return <RoutingSettings canEdit={hasRole(agent, "admin")} />;
}
