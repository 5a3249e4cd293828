"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { useTRPC } from "@/components/providers/trpc";

/** "Possible duplicate" cards: merge one into this contact (after a confirmation) or dismiss the pair. */
export function DuplicateSuggestions({ contactId, compact = false }: { contactId: string; compact?: boolean }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const duplicates = useQuery(trpc.contacts.duplicates.queryOptions({ contactId }));
  const [confirming, setConfirming] = useState<string | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const done = {
    onSuccess: () => {
      setProblem(null);
      setConfirming(null);
      return queryClient.invalidateQueries({ queryKey: trpc.contacts.pathKey() });
    },
    onError: (error: { message: string }) => setProblem(error.message),
  };
  const merge = useMutation(trpc.contacts.merge.mutationOptions(done));
  const dismiss = useMutation(trpc.contacts.dismissDuplicate.mutationOptions(done));
  const suggestions = duplicates.data ?? [];
  if (suggestions.length === 0 && !problem) return null;

  if (compact) {
    return (
      <a
        href={`/contacts/${contactId}`}
        data-testid="duplicate-hint"
        className="block rounded-lg bg-amber-50 px-3 py-2 text-xs text-amber-800 ring-1 ring-amber-200 hover:bg-amber-100"
      >
        {suggestions.length === 1 ? "1 possible duplicate" : `${suggestions.length} possible duplicates`} — review on
        the contact page
      </a>
    );
  }
  return (
    <section className="space-y-3">
      {problem && (
        <p role="alert" className="rounded-lg bg-red-50 p-3 text-sm text-red-700 ring-1 ring-red-200">
          {problem}
        </p>
      )}
      {suggestions.map((suggestion) => (
        <div
          key={suggestion.id}
          data-testid="duplicate-card"
          className="rounded-xl bg-amber-50 p-4 ring-1 ring-amber-200"
        >
          <p className="text-xs font-semibold uppercase tracking-wide text-amber-700">Possible duplicate</p>
          <p className="mt-1 font-medium text-slate-900">
            <a href={`/contacts/${suggestion.id}`} className="hover:underline">
              {suggestion.name ?? suggestion.email ?? suggestion.phone ?? "Unnamed contact"}
            </a>
          </p>
          <p className="text-sm text-slate-600">
            Same {suggestion.matchedOn.join(" and ")}:{" "}
            {[suggestion.email, suggestion.phone].filter(Boolean).join(" · ")}
          </p>
          <div className="mt-3 flex gap-2">
            {confirming === suggestion.id ? (
              <>
                <button
                  type="button"
                  onClick={() => merge.mutate({ survivorId: contactId, mergedId: suggestion.id })}
                  disabled={merge.isPending}
                  className="rounded-lg bg-brand-600 px-3 py-1.5 text-sm font-medium text-white hover:bg-brand-700 disabled:opacity-50"
                >
                  Confirm merge
                </button>
                <button
                  type="button"
                  onClick={() => setConfirming(null)}
                  className="rounded-lg px-3 py-1.5 text-sm text-slate-600 hover:bg-white"
                >
                  Cancel
                </button>
                <span className="self-center text-xs text-slate-500">
                  Their conversations and identities move here; you can undo this.
                </span>
              </>
            ) : (
              <>
                <button
                  type="button"
                  onClick={() => setConfirming(suggestion.id)}
                  className="rounded-lg bg-white px-3 py-1.5 text-sm font-medium text-slate-800 ring-1 ring-slate-300 hover:bg-slate-50"
                >
                  Merge
                </button>
                <button
                  type="button"
                  onClick={() => dismiss.mutate({ contactId, otherContactId: suggestion.id })}
                  disabled={dismiss.isPending}
                  className="rounded-lg px-3 py-1.5 text-sm text-slate-600 hover:bg-white"
                >
                  Not the same person
                </button>
              </>
            )}
          </div>
        </div>
      ))}
    </section>
  );
}
