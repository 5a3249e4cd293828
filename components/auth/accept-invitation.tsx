"use client";

import { useMutation, useQuery } from "@tanstack/react-query";
import { useState, useSyncExternalStore, type FormEvent } from "react";
import { TrpcProviders, useTRPC } from "@/components/providers/trpc";
import { inputClass, Notice } from "@/components/ui/notice";

const TOKEN_SHAPE = /^[A-Za-z0-9_-]{43}$/;

const readHash = () => window.location.hash.slice(1);
function subscribeToHash(onChange: () => void) {
  window.addEventListener("hashchange", onChange);
  return () => window.removeEventListener("hashchange", onChange);
}

/** The invited person names themselves and chooses a password; then they sign in as anyone would. */
export function AcceptInvitation() {
  return (
    <TrpcProviders>
      <AcceptInvitationForm />
    </TrpcProviders>
  );
}

function AcceptInvitationForm() {
  const trpc = useTRPC();
  // undefined while rendering on the server: the fragment exists only in the browser.
  const fragment = useSyncExternalStore(subscribeToHash, readHash, () => undefined);
  const token = fragment === undefined ? undefined : TOKEN_SHAPE.test(fragment) ? fragment : null;
  const invitation = useQuery({
    ...trpc.invitations.lookup.queryOptions({ token: token ?? "" }),
    enabled: Boolean(token),
    retry: false,
  });
  const [problem, setProblem] = useState<string | null>(null);
  const accept = useMutation(
    trpc.invitations.accept.mutationOptions({
      onSuccess: ({ email }) => {
        // eslint-disable-next-line @next/next/no-location-assign-relative-destination
        window.location.assign(`/login?joined=${encodeURIComponent(email)}`);
      },
      onError: (error) => setProblem(error.message),
    }),
  );

  if (token === undefined || (token && invitation.isPending)) {
    return <p className="text-sm text-slate-500">Checking your invitation…</p>;
  }
  if (!token || invitation.isError || !invitation.data) {
    return (
      <Notice tone="error">
        {invitation.error?.message ?? "This invitation link is not valid. Ask your admin for a new one."}
      </Notice>
    );
  }

  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const password = String(form.get("password") ?? "");
    if (password !== String(form.get("confirmPassword") ?? "")) {
      setProblem("The passwords do not match");
      return;
    }
    setProblem(null);
    accept.mutate({ token, name: String(form.get("name") ?? ""), password });
  };

  return (
    <form onSubmit={onSubmit} className="space-y-4">
      <p className="text-sm text-slate-700">
        You are invited to <strong>{invitation.data.workspaceName}</strong> as {invitation.data.role}.
      </p>
      <label className="block">
        <span className="text-sm font-medium text-slate-700">Email</span>
        <input value={invitation.data.email} readOnly autoComplete="username" className={inputClass} />
      </label>
      <label className="block">
        <span className="text-sm font-medium text-slate-700">Your name</span>
        <input name="name" required maxLength={100} autoComplete="name" className={inputClass} />
      </label>
      <label className="block">
        <span className="text-sm font-medium text-slate-700">Choose a password</span>
        <input
          name="password"
          type="password"
          required
          minLength={10}
          autoComplete="new-password"
          className={inputClass}
        />
      </label>
      <label className="block">
        <span className="text-sm font-medium text-slate-700">Password, again</span>
        <input
          name="confirmPassword"
          type="password"
          required
          minLength={10}
          autoComplete="new-password"
          className={inputClass}
        />
      </label>
      {problem && <Notice tone="error">{problem}</Notice>}
      <button
        type="submit"
        disabled={accept.isPending}
        className="w-full rounded-lg bg-brand-600 px-3 py-2 text-sm font-semibold text-white hover:bg-brand-700 disabled:opacity-60"
      >
        Join {invitation.data.workspaceName}
      </button>
    </form>
  );
}
