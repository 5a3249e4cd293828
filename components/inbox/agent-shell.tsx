"use client";

import { Activity, Inbox, LogOut, Radio, ScrollText, Send, Users, Waypoints, Workflow } from "lucide-react";
import { signOut } from "next-auth/react";
import { TrpcProviders } from "@/components/providers/trpc";
import { RealtimeProvider, useRealtime } from "@/components/realtime/realtime-provider";
import { AvailabilityToggle } from "@/components/routing/availability-toggle";
import { useConnectionStatus } from "@/components/realtime/connection-status";
import { Avatar } from "@/components/ui/avatar";
import type { RealtimeClientConfig } from "@/server/realtime/settings";

export type SignedInAgentView = { userId: string; name: string; email: string; role: string; workspaceId: string };

function ConnectionDot() {
  const { state } = useRealtime();
  const status = useConnectionStatus();
  return (
    <span
      title={status.label}
      data-testid="realtime-state"
      data-state={state}
      data-status={status.kind}
      className="flex flex-col items-center gap-1 text-[10px] text-slate-400"
    >
      <Radio
        className={
          status.kind === "live"
            ? "size-4 text-emerald-400"
            : status.kind === "offline"
              ? "size-4 text-red-400"
              : "size-4 animate-pulse text-amber-400"
        }
      />
      {status.label}
    </span>
  );
}

/** Workspace settings, each shown to the roles that may change it; the pages refuse everyone else too. */
const SETTINGS_LINKS = [
  { href: "/supervisor", label: "Supervisor", text: "Queues", Icon: Activity, roles: ["admin", "supervisor"] },
  { href: "/settings/inboxes", label: "Inbox settings", text: "Inboxes", Icon: Waypoints, roles: ["admin"] },
  { href: "/settings/people", label: "People settings", text: "People", Icon: Users, roles: ["admin"] },
  {
    href: "/settings/routing",
    label: "Routing settings",
    text: "Routing",
    Icon: Workflow,
    roles: ["admin", "supervisor"],
  },
  { href: "/settings/deliveries", label: "Delivery settings", text: "Deliveries", Icon: Send, roles: ["admin"] },
  { href: "/settings/audit", label: "Audit log", text: "Audit", Icon: ScrollText, roles: ["admin"] },
];

// A full navigation: the server decides, with the cookie as it is now.
// eslint-disable-next-line @next/next/no-location-assign-relative-destination
const signInAgain = () => window.location.assign("/login?reason=session-ended");

export function AgentShell({
  agent,
  realtime,
  children,
}: {
  agent: SignedInAgentView;
  realtime: RealtimeClientConfig;
  children: React.ReactNode;
}) {
  return (
    <TrpcProviders onUnauthorized={signInAgain}>
      <RealtimeProvider config={realtime} onUnauthorized={signInAgain}>
        <div className="flex h-screen overflow-hidden">
          <nav className="flex w-16 shrink-0 flex-col items-center gap-4 overflow-y-auto bg-ink-900 py-4 text-slate-300">
            <div className="flex size-9 items-center justify-center rounded-xl bg-brand-500 text-lg font-bold text-white">
              S
            </div>
            <a href="/inbox" className="flex flex-col items-center gap-1 text-[10px] text-white" aria-label="Inbox">
              <Inbox className="size-5" /> Inbox
            </a>
            {SETTINGS_LINKS.filter(({ roles }) => roles.includes(agent.role)).map(({ href, label, text, Icon }) => (
              <a
                key={href}
                href={href}
                className="flex flex-col items-center gap-1 text-[10px] text-slate-300 hover:text-white"
                aria-label={label}
              >
                <Icon className="size-5" /> {text}
              </a>
            ))}
            <div className="mt-auto flex flex-col items-center gap-4">
              <AvailabilityToggle />
              <ConnectionDot />
              <a
                href="/settings/account"
                title={`${agent.name} · ${agent.role} — your account`}
                aria-label="Your account"
              >
                <Avatar name={agent.name} seed={agent.userId} size="sm" />
              </a>
              <button
                type="button"
                aria-label="Sign out"
                title="Sign out"
                onClick={() => void signOut({ callbackUrl: "/login" })}
                className="rounded-lg p-2 text-slate-400 hover:bg-white/10 hover:text-white"
              >
                <LogOut className="size-4" />
              </button>
            </div>
          </nav>
          <main className="flex min-w-0 flex-1">{children}</main>
        </div>
      </RealtimeProvider>
    </TrpcProviders>
  );
}
