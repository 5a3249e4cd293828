"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { RotateCw } from "lucide-react";
import { useState } from "react";
import { useTRPC } from "@/components/providers/trpc";
import { shortTimeAgo } from "@/components/ui/time";

/** Admins see the replies a channel refused or never took, with the channel's reason, and send them again. */
export function DeliverySettings() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const failed = useQuery(trpc.deliveries.listFailed.queryOptions({}));
  const [problem, setProblem] = useState<string | null>(null);
  const replay = useMutation(
    trpc.deliveries.replay.mutationOptions({
      onSuccess: () => {
        setProblem(null);
        return queryClient.invalidateQueries({ queryKey: trpc.deliveries.listFailed.queryKey() });
      },
      onError: (error) => setProblem(error.message),
    }),
  );

  return (
    <div className="flex-1 overflow-y-auto bg-slate-50 p-8">
      <div className="mx-auto max-w-4xl">
        <h1 className="text-xl font-semibold text-slate-900">Deliveries</h1>
        <p className="mt-1 text-sm text-slate-500">
          Agent replies that did not reach their channel: refused outright (failed) or still failing after every retry
          (dead). Replay sends one again with the same delivery id, so a receiver that got it before keeps one copy.
        </p>
        {problem && (
          <p role="alert" className="mt-4 rounded-lg bg-red-50 p-3 text-sm text-red-700 ring-1 ring-red-200">
            {problem}
          </p>
        )}
        {failed.data && failed.data.length === 0 && (
          <p
            data-testid="deliveries-empty"
            className="mt-6 rounded-xl bg-white p-6 text-sm text-slate-500 ring-1 ring-slate-200"
          >
            Every reply was delivered. Nothing to replay.
          </p>
        )}
        <ul className="mt-6 divide-y divide-slate-200 rounded-xl bg-white ring-1 ring-slate-200">
          {failed.data?.map((delivery) => (
            <li key={delivery.id} data-testid="delivery-row" data-delivery-id={delivery.id} className="flex gap-4 p-4">
              <div className="min-w-0 flex-1">
                <p className="truncate text-sm text-slate-900">{delivery.message.preview}</p>
                <p className="mt-1 text-xs text-red-600" data-testid="delivery-error">
                  {delivery.lastError ?? "No reason recorded"}
                </p>
                <p className="mt-1 flex flex-wrap gap-x-3 text-xs text-slate-500">
                  <span
                    className={delivery.state === "dead" ? "font-medium text-slate-700" : "font-medium text-amber-700"}
                  >
                    {delivery.state === "dead" ? "Out of retries" : "Refused"}
                  </span>
                  <span>{delivery.inbox.name}</span>
                  <span>
                    {delivery.attempts} attempt{delivery.attempts === 1 ? "" : "s"}
                  </span>
                  <span title={delivery.updatedAt}>{shortTimeAgo(delivery.updatedAt)}</span>
                  <a className="text-brand-600 hover:underline" href={`/inbox?c=${delivery.message.conversationId}`}>
                    Open conversation
                  </a>
                </p>
              </div>
              <button
                type="button"
                disabled={replay.isPending}
                onClick={() => replay.mutate({ deliveryId: delivery.id })}
                className="flex h-8 items-center gap-1 self-center rounded-lg bg-brand-600 px-3 text-xs font-medium text-white hover:bg-brand-700 disabled:opacity-50"
              >
                <RotateCw className="size-3.5" /> Replay
              </button>
            </li>
          ))}
        </ul>
      </div>
    </div>
  );
}
