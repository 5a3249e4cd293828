import { Suspense } from "react";
import { InboxView } from "@/components/inbox/inbox-view";
import { getAgentActor } from "@/server/auth/session";

export const metadata = { title: "Inbox · Switchboard" };

export default async function InboxPage() {
  const agent = await getAgentActor();
  return (
    <Suspense>
      <InboxView workspaceId={agent?.workspaceId ?? ""} currentUserId={agent?.userId ?? ""} />
    </Suspense>
  );
}
