"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { useTRPC } from "@/components/providers/trpc";
import type { ConversationPriority } from "@/db/schema";

const PRIORITIES: ConversationPriority[] = ["urgent", "high", "normal", "low"];

/** Assignee and priority pickers for the open conversation. */
export function ConversationControls({
  conversationId,
  assigneeId,
  priority,
  currentUserId,
}: {
  conversationId: string;
  assigneeId: string | null;
  priority: ConversationPriority;
  currentUserId: string;
}) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [error, setError] = useState<string | null>(null);
  const members = useQuery(trpc.workspace.members.queryOptions(undefined, { staleTime: 5 * 60_000 }));
  const onSettled = () => {
    void queryClient.invalidateQueries({ queryKey: trpc.conversations.get.queryKey({ conversationId }) });
    void queryClient.invalidateQueries({ queryKey: trpc.conversations.list.pathKey() });
  };
  const handlers = {
    onSettled,
    onError: (cause: { message: string }) => setError(cause.message),
    onSuccess: () => setError(null),
  };
  const assign = useMutation(trpc.conversations.assign.mutationOptions(handlers));
  const targets = useQuery({ ...trpc.routing.transferTargets.queryOptions(), staleTime: 30_000 });
  const [transferred, setTransferred] = useState<string | null>(null);
  const transfer = useMutation(
    trpc.routing.transfer.mutationOptions({
      onSettled,
      onError: (cause) => {
        setTransferred(null);
        setError(cause.message);
      },
      onSuccess: ({ summary }) => {
        setError(null);
        setTransferred(summary);
      },
    }),
  );
  const onTransfer = (value: string) => {
    const [kind, id] = value.split(":");
    if (!id) return;
    transfer.mutate({
      conversationId,
      to: kind === "team" ? { kind: "team", teamId: id } : { kind: "agent", userId: id },
    });
  };
  const setPriority = useMutation(trpc.conversations.setPriority.mutationOptions(handlers));

  const selectClass =
    "rounded-md border border-slate-200 bg-white px-2 py-1 text-xs text-slate-700 hover:border-slate-300";
  return (
    <div className="flex items-center gap-2">
      <select
        aria-label="Assignee"
        className={selectClass}
        value={assigneeId ?? ""}
        disabled={assign.isPending}
        onChange={(event) => assign.mutate({ conversationId, assigneeId: event.target.value || null })}
      >
        <option value="">Unassigned</option>
        {(members.data ?? [])
          .filter((member) => member.active)
          .map((member) => (
            <option key={member.userId} value={member.userId}>
              {member.userId === currentUserId ? `${member.name} (me)` : member.name}
            </option>
          ))}
      </select>
      <select
        aria-label="Priority"
        className={`${selectClass} capitalize`}
        value={priority}
        disabled={setPriority.isPending}
        onChange={(event) =>
          setPriority.mutate({ conversationId, priority: event.target.value as ConversationPriority })
        }
      >
        {PRIORITIES.map((value) => (
          <option key={value} value={value}>
            {value}
          </option>
        ))}
      </select>
      <select
        aria-label="Transfer"
        className={selectClass}
        value=""
        disabled={transfer.isPending}
        onFocus={() => void targets.refetch()}
        onChange={(event) => onTransfer(event.target.value)}
      >
        <option value="">Transfer…</option>
        <optgroup label="Teams">
          {(targets.data?.teams ?? []).map((team) => (
            <option key={team.teamId} value={`team:${team.teamId}`}>
              {team.name}
            </option>
          ))}
        </optgroup>
        <optgroup label="Agents">
          {(targets.data?.agents ?? [])
            .filter((agent) => agent.userId !== assigneeId)
            .map((agent) => (
              <option key={agent.userId} value={`agent:${agent.userId}`} disabled={agent.availability !== "online"}>
                {agent.name} · {agent.availability} · {agent.open}/{agent.capacity}
              </option>
            ))}
        </optgroup>
      </select>
      {transferred && !error && (
        <span role="status" className="max-w-56 truncate text-xs text-emerald-700" title={transferred}>
          {transferred}
        </span>
      )}
      {error && (
        <span role="status" className="max-w-48 truncate text-xs text-red-600" title={error}>
          {error}
        </span>
      )}
    </div>
  );
}
