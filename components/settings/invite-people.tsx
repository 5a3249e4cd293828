"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { useTRPC } from "@/components/providers/trpc";
import { inputClass, Notice } from "@/components/ui/notice";
import { CopyField } from "./copy-field";

const ROLES = ["agent", "supervisor", "admin"] as const;
type Role = (typeof ROLES)[number];

/**
 * Invite by email. There is no mail transport, so the link is shown here once, to be sent by
 * whatever means the admin uses; pending invitations can be revoked or sent again (a new link).
 */
export function InvitePeople() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const pending = useQuery(trpc.invitations.list.queryOptions());
  const [email, setEmail] = useState("");
  const [role, setRole] = useState<Role>("agent");
  const [created, setCreated] = useState<{ email: string; link: string } | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const refresh = () => queryClient.invalidateQueries({ queryKey: trpc.invitations.list.queryKey() });

  const invite = useMutation(
    trpc.invitations.invite.mutationOptions({
      onSuccess: (invitation) => {
        setProblem(null);
        setCreated({ email: invitation.email, link: `${window.location.origin}${invitation.path}` });
        setEmail("");
        return refresh();
      },
      onError: (error) => setProblem(error.message),
    }),
  );
  const revoke = useMutation(
    trpc.invitations.revoke.mutationOptions({
      onSuccess: () => {
        setCreated(null);
        return refresh();
      },
      onError: (error) => setProblem(error.message),
    }),
  );

  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    invite.mutate({ email, role });
  };

  return (
    <section className="mt-6 rounded-xl bg-white p-6 ring-1 ring-slate-200">
      <h2 className="text-sm font-semibold text-slate-900">Invite people</h2>
      <form onSubmit={onSubmit} className="mt-3 flex items-end gap-2">
        <label className="flex-1">
          <span className="text-xs text-slate-600">Email address</span>
          <input
            type="email"
            required
            maxLength={254}
            value={email}
            onChange={(event) => setEmail(event.target.value)}
            className={inputClass}
          />
        </label>
        <label>
          <span className="text-xs text-slate-600">Role</span>
          <select
            aria-label="Invitation role"
            value={role}
            onChange={(event) => setRole(event.target.value as Role)}
            className="mt-1 block rounded-lg border border-slate-300 px-2 py-2 text-sm"
          >
            {ROLES.map((value) => (
              <option key={value} value={value}>
                {value[0]?.toUpperCase() + value.slice(1)}
              </option>
            ))}
          </select>
        </label>
        <button
          type="submit"
          disabled={invite.isPending}
          className="rounded-lg bg-brand-600 px-3 py-2 text-sm font-semibold text-white hover:bg-brand-700 disabled:opacity-60"
        >
          Invite
        </button>
      </form>
      {problem && <Notice tone="error">{problem}</Notice>}
      {created && (
        <div className="mt-4 rounded-lg bg-brand-50 p-3 ring-1 ring-brand-100" data-testid="invitation-created">
          <CopyField label={`Invitation link for ${created.email}`} value={created.link} testId="invitation-link" />
          <p className="mt-2 text-xs text-slate-600">
            No mail transport is configured, so send this link yourself. It works once and expires in 7 days; it is not
            shown again.
          </p>
        </div>
      )}
      {pending.data && pending.data.length > 0 && (
        <>
          <h3 className="mt-5 text-xs font-semibold uppercase tracking-wide text-slate-500">Pending invitations</h3>
          <ul className="mt-2 divide-y divide-slate-100">
            {pending.data.map((invitation) => (
              <li
                key={invitation.invitationId}
                data-testid="invitation-row"
                data-email={invitation.email}
                className="flex items-center gap-3 py-2"
              >
                <div className="min-w-0 flex-1">
                  <p className="truncate text-sm text-slate-800">{invitation.email}</p>
                  <p className="text-xs text-slate-500">
                    {invitation.role} · invited by {invitation.invitedBy ?? "a former member"} · expires{" "}
                    {invitation.expiresAt.toLocaleDateString()}
                  </p>
                </div>
                <button
                  type="button"
                  onClick={() => invite.mutate({ email: invitation.email, role: invitation.role })}
                  className="rounded-lg px-2 py-1 text-sm text-brand-700 hover:bg-brand-50"
                >
                  New link
                </button>
                <button
                  type="button"
                  onClick={() => revoke.mutate({ invitationId: invitation.invitationId })}
                  className="rounded-lg px-2 py-1 text-sm text-red-600 hover:bg-red-50"
                >
                  Revoke
                </button>
              </li>
            ))}
          </ul>
        </>
      )}
    </section>
  );
}
