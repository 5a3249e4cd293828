"use client";

import { useQuery, useQueryClient } from "@tanstack/react-query";
import { clsx } from "clsx";
import { useTRPC } from "@/components/providers/trpc";
import { useChannelEvents } from "@/components/realtime/realtime-provider";
import { PriorityBadge } from "@/components/ui/badges";
import { channelNames } from "@/server/realtime/channel-names";

function waited(seconds: number): string {
  if (seconds < 60) return `${seconds}s`;
  const minutes = Math.floor(seconds / 60);
  return minutes < 60 ? `${minutes}m` : `${Math.floor(minutes / 60)}h ${minutes % 60}m`;
}

const AVAILABILITY_STYLE = {
  online: "bg-emerald-50 text-emerald-700",
  away: "bg-amber-50 text-amber-700",
  offline: "bg-slate-100 text-slate-500",
} as const;

/** Live: refreshed on every conversation change in the workspace, and every few seconds for the clocks. */
export function QueueOverview({ workspaceId }: { workspaceId: string }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const overview = useQuery({ ...trpc.routing.overview.queryOptions(), refetchInterval: 10_000 });
  const refresh = () => void queryClient.invalidateQueries({ queryKey: trpc.routing.overview.queryKey() });
  useChannelEvents(channelNames.workspace(workspaceId), {
    "conversation.created": refresh,
    "conversation.updated": refresh,
    "conversation.sla_warning": refresh,
    "conversation.sla_breached": refresh,
  });
  const data = overview.data;
  if (!data) return <p className="text-sm text-slate-500">Loading…</p>;
  const totalWaiting = data.queues.reduce((sum, q) => sum + q.waiting, 0);
  return (
    <div className="grid gap-6 lg:grid-cols-2">
      <section aria-label="Queues" className="rounded-xl bg-white p-4 ring-1 ring-slate-200">
        <h2 className="text-sm font-semibold text-slate-900">
          Waiting now <span data-testid="waiting-total">{totalWaiting}</span>
        </h2>
        <table className="mt-2 w-full text-sm">
          <thead className="text-left text-xs text-slate-500">
            <tr>
              <th className="py-1">Team</th>
              <th>Priority</th>
              <th className="text-right">Waiting</th>
              <th className="text-right">Longest wait</th>
            </tr>
          </thead>
          <tbody>
            {data.queues.map((queue) => (
              <tr
                key={`${queue.teamId}:${queue.priority}`}
                className="border-t border-slate-100"
                data-testid="queue-row"
                data-team={queue.teamName}
              >
                <td className="py-1.5">{queue.teamName}</td>
                <td>
                  <PriorityBadge priority={queue.priority} />
                  {queue.priority === "normal" && <span className="text-xs text-slate-500">normal</span>}
                </td>
                <td className="text-right tabular-nums" data-testid="queue-waiting">
                  {queue.waiting}
                </td>
                <td className="text-right tabular-nums">{waited(queue.longestWaitSeconds)}</td>
              </tr>
            ))}
            {data.queues.length === 0 && (
              <tr>
                <td colSpan={4} className="py-2 text-slate-500">
                  Nobody is waiting.
                </td>
              </tr>
            )}
          </tbody>
        </table>
      </section>
      <section aria-label="Agents" className="rounded-xl bg-white p-4 ring-1 ring-slate-200">
        <h2 className="text-sm font-semibold text-slate-900">Agents</h2>
        <ul className="mt-2 divide-y divide-slate-100 text-sm">
          {data.agents.map((agent) => (
            <li key={agent.userId} className="flex items-center gap-2 py-1.5" data-testid="agent-load">
              <span className="flex-1">{agent.name}</span>
              <span className={clsx("rounded px-1.5 py-0.5 text-xs", AVAILABILITY_STYLE[agent.availability])}>
                {agent.availability}
              </span>
              <span className="w-16 text-right tabular-nums text-slate-600">
                {agent.open}/{agent.capacity}
              </span>
            </li>
          ))}
        </ul>
      </section>
      <section aria-label="SLA breaches" className="rounded-xl bg-white p-4 ring-1 ring-slate-200 lg:col-span-2">
        <h2 className="text-sm font-semibold text-slate-900">Breached and due within 30 minutes</h2>
        <ul className="mt-2 divide-y divide-slate-100 text-sm">
          {data.breaches.map((row) => (
            <li key={row.id} className="flex items-center gap-2 py-1.5" data-testid="breach-row" data-state={row.state}>
              <span
                className={clsx(
                  "rounded px-1.5 py-0.5 text-xs font-medium",
                  row.state === "breached" ? "bg-red-50 text-red-700" : "bg-amber-50 text-amber-700",
                )}
              >
                {row.state}
              </span>
              <a className="font-medium text-slate-900 hover:underline" href={`/inbox?conversation=${row.id}`}>
                {row.contactName ?? "Customer"}
              </a>
              <span className="truncate text-slate-500">{row.preview}</span>
              <span className="ml-auto shrink-0 text-xs text-slate-500">
                {row.teamName ?? "No team"} · due {row.slaDueAt ? new Date(row.slaDueAt).toLocaleTimeString() : "—"}
              </span>
            </li>
          ))}
          {data.breaches.length === 0 && <li className="py-2 text-slate-500">No SLA at risk.</li>}
        </ul>
      </section>
    </div>
  );
}
