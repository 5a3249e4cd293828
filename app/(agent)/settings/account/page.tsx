import { AccountSettings } from "@/components/settings/account-settings";
import { getAgentActor } from "@/server/auth/session";

export const metadata = { title: "Your account · Switchboard" };

export default async function AccountSettingsPage() {
  const agent = await getAgentActor();
  return <AccountSettings name={agent?.name ?? ""} email={agent?.email ?? ""} role={agent?.role ?? "agent"} />;
}
