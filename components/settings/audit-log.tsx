"use client";

import { useInfiniteQuery } from "@tanstack/react-query";
import { useTRPC } from "@/components/providers/trpc";

const ACTION_LABELS: Record<string, string> = {
  "inbox.created": "Created inbox",
  "inbox.updated": "Changed inbox",
  "inbox.identity_secret_rotated": "Rotated identity secret",
  "inbox.webhook_secret_rotated": "Rotated webhook secret",
  "member.role_changed": "Changed role",
  "member.deactivated": "Deactivated member",
  "member.reactivated": "Reactivated member",
  "member.removed": "Removed member",
};

const shown = (value: unknown) => (value === null || value === "" ? "—" : String(value));

/** One line per changed field ("name: App → Mobile app"), else the entry's own details. */
function describeDetails(action: string, details: Record<string, unknown>): string[] {
  const changes = details.changes;
  if (changes && typeof changes === "object") {
    return Object.entries(changes as Record<string, { from?: unknown; to?: unknown }>).map(
      ([field, change]) => `${field}: ${shown(change.from)} → ${shown(change.to)}`,
    );
  }
  if (action === "member.role_changed") return [`${shown(details.from)} → ${shown(details.to)}`];
  return Object.entries(details)
    .filter(([key]) => key !== "name")
    .map(([key, value]) => `${key}: ${shown(value)}`);
}

/** The workspace's configuration changes, newest first; "Load more" reads the next page. */
export function AuditLog() {
  const trpc = useTRPC();
  const log = useInfiniteQuery(
    trpc.audit.list.infiniteQueryOptions({ limit: 50 }, { getNextPageParam: (page) => page.nextCursor ?? undefined }),
  );
  const entries = log.data?.pages.flatMap((page) => page.items) ?? [];

  return (
    <div className="flex-1 overflow-y-auto bg-slate-50 p-8">
      <div className="mx-auto max-w-5xl">
        <h1 className="text-xl font-semibold text-slate-900">Audit log</h1>
        <p className="mt-1 text-sm text-slate-500">
          Who changed the workspace&apos;s inboxes and people, and when. Secrets are never written here.
        </p>
        {log.error && (
          <p role="alert" className="mt-4 rounded-lg bg-red-50 p-3 text-sm text-red-700 ring-1 ring-red-200">
            {log.error.message}
          </p>
        )}
        <table className="mt-6 w-full overflow-hidden rounded-xl bg-white text-left text-sm ring-1 ring-slate-200">
          <thead className="bg-slate-50 text-xs uppercase tracking-wide text-slate-500">
            <tr>
              <th className="px-4 py-2 font-medium">When</th>
              <th className="px-4 py-2 font-medium">Who</th>
              <th className="px-4 py-2 font-medium">Action</th>
              <th className="px-4 py-2 font-medium">Target</th>
              <th className="px-4 py-2 font-medium">Details</th>
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-200">
            {entries.map((entry) => (
              <tr key={entry.id} data-testid="audit-row" data-action={entry.action} className="align-top">
                <td className="whitespace-nowrap px-4 py-3 text-slate-600">
                  <time dateTime={entry.at.toISOString()}>{entry.at.toLocaleString()}</time>
                </td>
                <td className="px-4 py-3 text-slate-900">{entry.actor?.name ?? "Someone (no longer here)"}</td>
                <td className="px-4 py-3 text-slate-900">{ACTION_LABELS[entry.action] ?? entry.action}</td>
                <td className="px-4 py-3 text-slate-700">
                  {entry.target.label ?? entry.target.id}
                  <span className="block text-xs text-slate-400">{entry.target.type}</span>
                </td>
                <td className="px-4 py-3 text-xs text-slate-600">
                  {describeDetails(entry.action, entry.details).map((line) => (
                    <span key={line} className="block break-all">
                      {line}
                    </span>
                  ))}
                </td>
              </tr>
            ))}
            {log.isSuccess && entries.length === 0 && (
              <tr>
                <td colSpan={5} className="px-4 py-6 text-center text-slate-500">
                  Nothing has been changed yet.
                </td>
              </tr>
            )}
          </tbody>
        </table>
        {log.hasNextPage && (
          <button
            type="button"
            disabled={log.isFetchingNextPage}
            onClick={() => void log.fetchNextPage()}
            className="mt-4 rounded-lg px-4 py-2 text-sm text-slate-700 ring-1 ring-slate-300 hover:bg-white disabled:opacity-60"
          >
            {log.isFetchingNextPage ? "Loading…" : "Load more"}
          </button>
        )}
      </div>
    </div>
  );
}
