"use client";

import { getCsrfToken } from "next-auth/react";
import { useState, type FormEvent } from "react";

type SignInOutcome = { ok: true } | { ok: false; message: string };

const WRONG_CREDENTIALS = "That email and password don't match an account.";

/** next-auth's credentials sign-in, spoken directly so a throttled attempt can say so. */
async function signInWithPassword(email: string, password: string): Promise<SignInOutcome> {
  const csrfToken = (await getCsrfToken()) ?? "";
  const response = await fetch("/api/auth/callback/credentials", {
    method: "POST",
    headers: { "Content-Type": "application/x-www-form-urlencoded", "X-Auth-Return-Redirect": "1" },
    body: new URLSearchParams({ email, password, csrfToken, callbackUrl: "/inbox", json: "true" }),
  });
  const data = (await response.json().catch(() => null)) as { url?: string; error?: { message?: string } } | null;
  if (response.status === 429) {
    return {
      ok: false,
      message: data?.error?.message ?? "Too many sign-in attempts. Wait a few minutes and try again.",
    };
  }
  if (!response.ok || !data?.url) return { ok: false, message: data?.error?.message ?? WRONG_CREDENTIALS };
  const failed = new URL(data.url, window.location.origin).searchParams.get("error");
  return failed ? { ok: false, message: WRONG_CREDENTIALS } : { ok: true };
}

export function LoginForm({
  demoLogin,
  email,
}: {
  demoLogin: { email: string; password: string } | null;
  /** Prefilled, for someone who has just accepted an invitation. */
  email?: string;
}) {
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const onSubmit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    setBusy(true);
    setError(null);
    const result = await signInWithPassword(String(form.get("email") ?? ""), String(form.get("password") ?? "")).catch(
      (): SignInOutcome => ({ ok: false, message: "Could not reach the server. Check your connection and try again." }),
    );
    setBusy(false);
    if (result.ok) {
      // A full navigation so the server renders the inbox with the new session cookie.
      // eslint-disable-next-line @next/next/no-location-assign-relative-destination
      window.location.assign("/inbox");
    } else {
      setError(result.message);
    }
  };

  return (
    <form onSubmit={onSubmit} className="space-y-4">
      <label className="block">
        <span className="text-sm font-medium text-slate-700">Email</span>
        <input
          name="email"
          type="email"
          required
          autoComplete="username"
          defaultValue={email ?? demoLogin?.email}
          className="mt-1 w-full rounded-lg border border-slate-300 px-3 py-2 text-sm outline-none focus:border-brand-500 focus:ring-2 focus:ring-brand-100"
        />
      </label>
      <label className="block">
        <span className="text-sm font-medium text-slate-700">Password</span>
        <input
          name="password"
          type="password"
          required
          autoComplete="current-password"
          className="mt-1 w-full rounded-lg border border-slate-300 px-3 py-2 text-sm outline-none focus:border-brand-500 focus:ring-2 focus:ring-brand-100"
        />
      </label>
      {error && (
        <p role="alert" className="text-sm text-red-600">
          {error}
        </p>
      )}
      <button
        type="submit"
        disabled={busy}
        className="w-full rounded-lg bg-brand-600 py-2.5 text-sm font-semibold text-white hover:bg-brand-700 disabled:opacity-60"
      >
        {busy ? "Signing in…" : "Sign in"}
      </button>
      {demoLogin && (
        <p className="rounded-lg bg-slate-50 p-3 text-xs text-slate-500">
          Demo workspace: <span className="font-mono">{demoLogin.email}</span> /{" "}
          <span className="font-mono">{demoLogin.password}</span>
        </p>
      )}
    </form>
  );
}
