"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { clsx } from "clsx";
import { useState } from "react";
import { useTRPC } from "@/components/providers/trpc";

const STATES = [
  { value: "online", label: "Online", dot: "bg-emerald-400", hint: "New conversations are assigned to you" },
  { value: "away", label: "Away", dot: "bg-amber-400", hint: "You keep your conversations but get no new ones" },
  { value: "offline", label: "Offline", dot: "bg-slate-500", hint: "Your open conversations go back to the queue" },
] as const;

/** The agent says whether routing may give them conversations. */
export function AvailabilityToggle() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const mine = useQuery(trpc.routing.myAvailability.queryOptions());
  const [open, setOpen] = useState(false);
  const set = useMutation(
    trpc.routing.setAvailability.mutationOptions({
      onSuccess: () => queryClient.invalidateQueries({ queryKey: trpc.routing.myAvailability.queryKey() }),
    }),
  );
  const current = STATES.find((s) => s.value === (mine.data?.availability ?? "offline")) ?? STATES[2];
  return (
    <div className="relative">
      <button
        type="button"
        aria-label={`Availability: ${current.label}`}
        data-testid="availability"
        data-state={current.value}
        title={current.hint}
        onClick={() => setOpen((o) => !o)}
        className="flex flex-col items-center gap-1 text-[10px] text-slate-300 hover:text-white"
      >
        <span className={clsx("size-3 rounded-full ring-2 ring-ink-900", current.dot)} />
        {current.label}
      </button>
      {open && (
        <ul
          role="menu"
          className="absolute bottom-0 left-12 z-20 w-64 rounded-lg bg-white p-1 text-sm text-slate-800 shadow-lg ring-1 ring-slate-200"
        >
          {STATES.map((state) => (
            <li key={state.value}>
              <button
                type="button"
                role="menuitem"
                className="flex w-full items-start gap-2 rounded-md px-2 py-1.5 text-left hover:bg-slate-100"
                onClick={() => {
                  set.mutate({ availability: state.value });
                  setOpen(false);
                }}
              >
                <span className={clsx("mt-1.5 size-2 shrink-0 rounded-full", state.dot)} />
                <span>
                  <span className="font-medium">{state.label}</span>
                  <span className="block text-xs text-slate-500">{state.hint}</span>
                </span>
              </button>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
