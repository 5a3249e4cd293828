"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { useTRPC } from "@/components/providers/trpc";
import { shortTimeAgo } from "@/components/ui/time";
import { inputClass, Notice } from "@/components/ui/notice";
import { ProfileSection } from "./profile-section";

function describeDevice(userAgent: string | null): string {
  if (!userAgent) return "Unknown device";
  const browser = /Edg\//.test(userAgent)
    ? "Edge"
    : /Firefox\//.test(userAgent)
      ? "Firefox"
      : /Chrome\//.test(userAgent)
        ? "Chrome"
        : /Safari\//.test(userAgent)
          ? "Safari"
          : "Browser";
  const system = /Windows/.test(userAgent)
    ? "Windows"
    : /Mac OS X/.test(userAgent)
      ? "macOS"
      : /Android/.test(userAgent)
        ? "Android"
        : /iPhone|iPad/.test(userAgent)
          ? "iOS"
          : /Linux/.test(userAgent)
            ? "Linux"
            : "";
  return system ? `${browser} on ${system}` : browser;
}

const whenAgo = (at: Date) => {
  const ago = shortTimeAgo(at.toISOString());
  return ago === "now" ? "just now" : /^\d/.test(ago) ? `${ago} ago` : ago;
};

function Section({ title, children }: { title: string; children: React.ReactNode }) {
  return (
    <section className="mt-6 rounded-xl bg-white p-6 ring-1 ring-slate-200">
      <h2 className="text-sm font-semibold text-slate-900">{title}</h2>
      <div className="mt-4">{children}</div>
    </section>
  );
}

/** Your own account: password, and every place you are signed in, with a way to sign them out. */
export function AccountSettings({ name, email, role }: { name: string; email: string; role: string }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const sessions = useQuery(trpc.account.sessions.queryOptions());
  const refresh = () => queryClient.invalidateQueries({ queryKey: trpc.account.sessions.queryKey() });
  const [passwordNotice, setPasswordNotice] = useState<{ tone: "error" | "ok"; text: string } | null>(null);
  const [sessionNotice, setSessionNotice] = useState<{ tone: "error" | "ok"; text: string } | null>(null);

  const changePassword = useMutation(
    trpc.account.changePassword.mutationOptions({
      onSuccess: ({ endedSessions }) => {
        setPasswordNotice({
          tone: "ok",
          text: `Password changed.${endedSessions ? ` Signed out ${endedSessions} other session(s).` : ""}`,
        });
        return refresh();
      },
      onError: (error) => setPasswordNotice({ tone: "error", text: error.message }),
    }),
  );
  const endSession = useMutation(
    trpc.account.endSession.mutationOptions({
      onSuccess: refresh,
      onError: (error) => setSessionNotice({ tone: "error", text: error.message }),
    }),
  );
  const endOthers = useMutation(
    trpc.account.endOtherSessions.mutationOptions({
      onSuccess: ({ ended }) => {
        setSessionNotice({ tone: "ok", text: `Signed out ${ended} other session(s).` });
        return refresh();
      },
      onError: (error) => setSessionNotice({ tone: "error", text: error.message }),
    }),
  );

  const onChangePassword = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const newPassword = String(form.get("newPassword") ?? "");
    if (newPassword !== String(form.get("confirmPassword") ?? "")) {
      setPasswordNotice({ tone: "error", text: "The new passwords do not match" });
      return;
    }
    changePassword.mutate({ currentPassword: String(form.get("currentPassword") ?? ""), newPassword });
    event.currentTarget.reset();
  };

  const onEndOthers = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    endOthers.mutate({ currentPassword: String(form.get("password") ?? "") });
    event.currentTarget.reset();
  };

  return (
    <div className="flex-1 overflow-y-auto bg-slate-50 p-8">
      <div className="mx-auto max-w-2xl">
        <h1 className="text-xl font-semibold text-slate-900">Your account</h1>
        <p className="mt-1 text-sm text-slate-500">
          {name} · {email} · {role}
        </p>

        <Section title="Profile">
          <ProfileSection />
        </Section>

        <Section title="Where you are signed in">
          <ul className="divide-y divide-slate-100" data-testid="session-list">
            {sessions.data?.map((session) => (
              <li key={session.id} className="flex items-center gap-3 py-3" data-testid="session-row">
                <div className="min-w-0 flex-1">
                  <p className="text-sm font-medium text-slate-800">
                    {describeDevice(session.userAgent)}
                    {session.current && <span className="ml-2 text-xs text-emerald-600">This browser</span>}
                  </p>
                  <p className="text-xs text-slate-500">
                    {session.clientAddress ?? "unknown address"} · signed in {whenAgo(session.createdAt)} · active{" "}
                    {whenAgo(session.lastSeenAt)}
                  </p>
                </div>
                {!session.current && (
                  <button
                    type="button"
                    onClick={() => endSession.mutate({ sessionId: session.id })}
                    className="rounded-lg px-2 py-1 text-sm text-red-600 hover:bg-red-50"
                  >
                    Sign out
                  </button>
                )}
              </li>
            ))}
          </ul>
          <form onSubmit={onEndOthers} className="mt-4 flex items-end gap-2">
            <label className="flex-1">
              <span className="text-xs text-slate-600">Your password, to sign out everywhere else</span>
              <input name="password" type="password" required autoComplete="current-password" className={inputClass} />
            </label>
            <button
              type="submit"
              disabled={endOthers.isPending}
              className="rounded-lg bg-slate-800 px-3 py-2 text-sm font-medium text-white hover:bg-slate-700"
            >
              Sign out other sessions
            </button>
          </form>
          {sessionNotice && <Notice tone={sessionNotice.tone}>{sessionNotice.text}</Notice>}
        </Section>

        <Section title="Change password">
          <form onSubmit={onChangePassword} className="space-y-3">
            <label className="block">
              <span className="text-xs text-slate-600">Current password</span>
              <input
                name="currentPassword"
                type="password"
                required
                autoComplete="current-password"
                className={inputClass}
              />
            </label>
            <label className="block">
              <span className="text-xs text-slate-600">New password (at least 10 characters)</span>
              <input
                name="newPassword"
                type="password"
                required
                minLength={10}
                autoComplete="new-password"
                className={inputClass}
              />
            </label>
            <label className="block">
              <span className="text-xs text-slate-600">New password, again</span>
              <input
                name="confirmPassword"
                type="password"
                required
                minLength={10}
                autoComplete="new-password"
                className={inputClass}
              />
            </label>
            <button
              type="submit"
              disabled={changePassword.isPending}
              className="rounded-lg bg-brand-600 px-3 py-2 text-sm font-semibold text-white hover:bg-brand-700"
            >
              Change password
            </button>
          </form>
          {passwordNotice && <Notice tone={passwordNotice.tone}>{passwordNotice.text}</Notice>}
        </Section>
      </div>
    </div>
  );
}
