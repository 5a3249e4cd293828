"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { clsx } from "clsx";
import { useState } from "react";
import { useTRPC } from "@/components/providers/trpc";
import { Avatar } from "@/components/ui/avatar";
import { InvitePeople } from "./invite-people";

const ROLES = ["agent", "supervisor", "admin"] as const;

/** Admins see every member, change roles, deactivate or remove people; each change ends sessions as needed. */
export function PeopleSettings({ currentUserId }: { currentUserId: string }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const members = useQuery(trpc.workspace.members.queryOptions());
  const [problem, setProblem] = useState<string | null>(null);
  const done = {
    onSuccess: () => {
      setProblem(null);
      return queryClient.invalidateQueries({ queryKey: trpc.workspace.members.queryKey() });
    },
    onError: (error: { message: string }) => setProblem(error.message),
  };
  const changeRole = useMutation(trpc.workspace.changeMemberRole.mutationOptions(done));
  const deactivate = useMutation(trpc.workspace.deactivateMember.mutationOptions(done));
  const reactivate = useMutation(trpc.workspace.reactivateMember.mutationOptions(done));
  const remove = useMutation(trpc.workspace.removeMember.mutationOptions(done));

  return (
    <div className="flex-1 overflow-y-auto bg-slate-50 p-8">
      <div className="mx-auto max-w-3xl">
        <h1 className="text-xl font-semibold text-slate-900">People</h1>
        <p className="mt-1 text-sm text-slate-500">
          Roles take effect on the member&apos;s next click. Deactivating or removing someone signs them out everywhere
          within seconds.
        </p>
        {problem && (
          <p role="alert" className="mt-4 rounded-lg bg-red-50 p-3 text-sm text-red-700 ring-1 ring-red-200">
            {problem}
          </p>
        )}
        <InvitePeople />
        <ul className="mt-6 divide-y divide-slate-200 rounded-xl bg-white ring-1 ring-slate-200">
          {members.data?.map((member) => {
            const isYou = member.userId === currentUserId;
            return (
              <li
                key={member.userId}
                data-testid="member-row"
                data-email={member.email}
                className="flex items-center gap-4 p-4"
              >
                <Avatar name={member.name} seed={member.userId} src={member.avatarUrl} size="sm" />
                <div className="min-w-0 flex-1">
                  <p
                    className={clsx(
                      "truncate text-sm font-medium",
                      member.active ? "text-slate-900" : "text-slate-400",
                    )}
                  >
                    {member.name} {isYou && <span className="text-xs text-slate-400">(you)</span>}
                  </p>
                  <p className="truncate text-xs text-slate-500">{member.email}</p>
                </div>
                {!member.active && (
                  <span className="rounded bg-slate-100 px-2 py-0.5 text-xs font-medium text-slate-500">
                    Deactivated
                  </span>
                )}
                <label className="sr-only" htmlFor={`role-${member.userId}`}>
                  Role of {member.name}
                </label>
                <select
                  id={`role-${member.userId}`}
                  value={member.role}
                  disabled={changeRole.isPending}
                  onChange={(event) =>
                    changeRole.mutate({ userId: member.userId, role: event.target.value as (typeof ROLES)[number] })
                  }
                  className="rounded-lg border border-slate-300 px-2 py-1 text-sm"
                >
                  {ROLES.map((role) => (
                    <option key={role} value={role}>
                      {role[0]?.toUpperCase() + role.slice(1)}
                    </option>
                  ))}
                </select>
                {!isYou &&
                  (member.active ? (
                    <button
                      type="button"
                      onClick={() => deactivate.mutate({ userId: member.userId })}
                      className="rounded-lg px-2 py-1 text-sm text-slate-600 hover:bg-slate-100"
                    >
                      Deactivate
                    </button>
                  ) : (
                    <button
                      type="button"
                      onClick={() => reactivate.mutate({ userId: member.userId })}
                      className="rounded-lg px-2 py-1 text-sm text-brand-700 hover:bg-brand-50"
                    >
                      Reactivate
                    </button>
                  ))}
                {!isYou && (
                  <button
                    type="button"
                    onClick={() => {
                      if (window.confirm(`Remove ${member.name} from this workspace?`))
                        remove.mutate({ userId: member.userId });
                    }}
                    className="rounded-lg px-2 py-1 text-sm text-red-600 hover:bg-red-50"
                  >
                    Remove
                  </button>
                )}
              </li>
            );
          })}
        </ul>
      </div>
    </div>
  );
}
