import { DeliverySettings } from "@/components/settings/delivery-settings";
import { hasRole } from "@/server/actor";
import { getAgentActor } from "@/server/auth/session";

export const metadata = { title: "Deliveries · Switchboard" };

export default async function DeliverySettingsPage() {
  const agent = await getAgentActor();
  if (!agent || !hasRole(agent, "admin")) {
    return (
      <div className="flex flex-1 items-center justify-center p-10 text-sm text-slate-500">
        Only admins can see and replay failed deliveries.
      </div>
    );
  }
  return <DeliverySettings />;
}
