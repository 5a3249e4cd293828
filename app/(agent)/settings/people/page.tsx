import { PeopleSettings } from "@/components/settings/people-settings";
import { hasRole } from "@/server/actor";
import { getAgentActor } from "@/server/auth/session";

export const metadata = { title: "People · Switchboard" };

export default async function PeopleSettingsPage() {
  const agent = await getAgentActor();
  if (!agent || !hasRole(agent, "admin")) {
    return (
      <div className="flex flex-1 items-center justify-center p-10 text-sm text-slate-500">
        Only admins can manage the people of this workspace.
      </div>
    );
  }
  return <PeopleSettings currentUserId={agent.userId} />;
}
