"use client";

import { Inbox, LogOut, Radio, Users } from "lucide-react";
import { signOut } from "next-auth/react";
import { TrpcProviders } from "@/components/providers/trpc";
import { RealtimeProvider, useRealtime } from "@/components/realtime/realtime-provider";
import { Avatar } from "@/components/ui/avatar";
import type { RealtimeClientConfig } from "@/server/realtime/settings";

export type SignedInAgentView = { userId: string; name: string; email: string; role: string; workspaceId: string };

function ConnectionDot() {
  const { state } = useRealtime();
  const live = state === "connected";
  return (
    <span
      title={live ? "Live" : "Reconnecting…"}
      data-testid="realtime-state"
      data-state={state}
      className="flex flex-col items-center gap-1 text-[10px] text-slate-400"
    >
      <Radio className={live ? "size-4 text-emerald-400" : "size-4 animate-pulse text-amber-400"} />
      {live ? "Live" : "Offline"}
    </span>
  );
}

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
          <nav className="flex w-16 shrink-0 flex-col items-center gap-6 bg-ink-900 py-4 text-slate-300">
            <div className="flex size-9 items-center justify-center rounded-xl bg-brand-500 text-lg font-bold text-white">
              S
            </div>
            <a href="/inbox" className="flex flex-col items-center gap-1 text-[10px] text-white" aria-label="Inbox">
              <Inbox className="size-5" /> Inbox
            </a>
            {agent.role === "admin" && (
              <a
                href="/settings/people"
                className="flex flex-col items-center gap-1 text-[10px] text-slate-300 hover:text-white"
                aria-label="People settings"
              >
                <Users className="size-5" /> People
              </a>
            )}
            <div className="mt-auto flex flex-col items-center gap-4">
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
