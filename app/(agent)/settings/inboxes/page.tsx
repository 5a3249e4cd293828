import { headers } from "next/headers";
import { InboxSettings } from "@/components/settings/inbox-settings";
import { hasRole } from "@/server/actor";
import { getAgentActor } from "@/server/auth/session";
import { env } from "@/server/env";
import { publicOrigin } from "@/server/http/public-origin";

export const metadata = { title: "Inboxes · Switchboard" };

export default async function InboxSettingsPage({ searchParams }: { searchParams: Promise<{ inbox?: string }> }) {
  const agent = await getAgentActor();
  if (!agent || !hasRole(agent, "admin")) {
    return (
      <div className="flex flex-1 items-center justify-center p-10 text-sm text-slate-500">
        Only admins can manage the inboxes of this workspace.
      </div>
    );
  }
  const { inbox } = await searchParams;
  return <InboxSettings origin={publicOrigin(env().PUBLIC_URL, await headers())} initialInboxId={inbox ?? null} />;
}
