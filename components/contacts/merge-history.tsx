"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { useTRPC } from "@/components/providers/trpc";
import { shortTimeAgo } from "@/components/ui/time";

/** Every merge this contact took part in, with Undo for those still in effect. */
export function MergeHistory({ contactId }: { contactId: string }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const merges = useQuery(trpc.contacts.merges.queryOptions({ contactId }));
  const [problem, setProblem] = useState<string | null>(null);
  const undo = useMutation(
    trpc.contacts.undoMerge.mutationOptions({
      onSuccess: () => {
        setProblem(null);
        return queryClient.invalidateQueries({ queryKey: trpc.contacts.pathKey() });
      },
      onError: (error) => setProblem(error.message),
    }),
  );
  const rows = merges.data ?? [];
  if (rows.length === 0) return <p className="text-sm text-slate-400">No merges.</p>;
  return (
    <div className="space-y-2">
      {problem && (
        <p role="alert" className="rounded-lg bg-red-50 p-3 text-sm text-red-700 ring-1 ring-red-200">
          {problem}
        </p>
      )}
      <ul className="divide-y divide-slate-100 rounded-xl bg-white ring-1 ring-slate-200" data-testid="merge-history">
        {rows.map((merge) => (
          <li key={merge.id} className="flex items-center gap-3 p-3 text-sm" data-testid="merge-row">
            <div className="min-w-0 flex-1">
              <p className="text-slate-800">
                <b>{merge.mergedName ?? "A contact"}</b> merged into <b>{merge.survivorName ?? "this contact"}</b>
              </p>
              <p className="text-xs text-slate-500">
                {merge.reason === "verified_identity"
                  ? "Automatically (verified identity)"
                  : `By ${merge.actorName ?? "an agent"}`}{" "}
                · {shortTimeAgo(merge.createdAt)} · {merge.conversationCount} conversation(s), {merge.identityCount}{" "}
                identit{merge.identityCount === 1 ? "y" : "ies"}
                {merge.undoneAt && ` · undone by ${merge.undoneByName ?? "an agent"} ${shortTimeAgo(merge.undoneAt)}`}
              </p>
            </div>
            {merge.undoneAt ? (
              <span className="rounded bg-slate-100 px-2 py-0.5 text-xs text-slate-500">Undone</span>
            ) : (
              <button
                type="button"
                onClick={() => undo.mutate({ mergeId: merge.id })}
                disabled={undo.isPending}
                className="rounded-lg bg-white px-3 py-1.5 text-sm font-medium text-slate-800 ring-1 ring-slate-300 hover:bg-slate-50 disabled:opacity-50"
              >
                Undo
              </button>
            )}
          </li>
        ))}
      </ul>
    </div>
  );
}
