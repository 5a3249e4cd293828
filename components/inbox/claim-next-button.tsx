"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { useTRPC } from "@/components/providers/trpc";

/** Takes the next waiting conversation from the agent's queues and opens it. */
export function ClaimNextButton({ onClaimed }: { onClaimed: (conversationId: string) => void }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [message, setMessage] = useState<string | null>(null);
  const claim = useMutation(
    trpc.routing.claimNext.mutationOptions({
      onSuccess: ({ conversationId }) => {
        if (!conversationId) {
          setMessage("Nothing is waiting for you.");
          return;
        }
        setMessage(null);
        onClaimed(conversationId);
        return queryClient.invalidateQueries({ queryKey: trpc.conversations.list.pathKey() });
      },
      onError: (error) => setMessage(error.message),
    }),
  );
  return (
    <div className="mt-3">
      <button
        type="button"
        onClick={() => claim.mutate()}
        disabled={claim.isPending}
        className="w-full rounded-md bg-brand-600 px-3 py-1.5 text-xs font-semibold text-white hover:bg-brand-700 disabled:opacity-60"
      >
        {claim.isPending ? "Claiming…" : "Claim next"}
      </button>
      {message && (
        <p role="status" className="mt-1 text-xs text-slate-500">
          {message}
        </p>
      )}
    </div>
  );
}
