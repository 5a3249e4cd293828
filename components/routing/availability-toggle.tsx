"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { clsx } from "clsx";
import { useEffect, useRef, useState } from "react";
import { useTRPC } from "@/components/providers/trpc";

const STATES = [
  { value: "online", label: "Online", dot: "bg-emerald-400", hint: "New conversations are assigned to you" },
  { value: "away", label: "Away", dot: "bg-amber-400", hint: "You keep your conversations but get no new ones" },
  { value: "offline", label: "Offline", dot: "bg-slate-500", hint: "Your open conversations go back to the queue" },
] as const;

/** An online agent who has not touched the app for this long is set away (routing stops giving them work). */
export const AWAY_AFTER_IDLE_MS = 5 * 60_000;
const IDLE_CHECK_EVERY_MS = 15_000;
const ACTIVITY_EVENTS = ["pointerdown", "pointermove", "keydown", "wheel", "focus"] as const;
const LAST_ACTIVITY_KEY = "switchboard:last-activity";
const IDLE_AWAY_KEY = "switchboard:idle-away";

/** Local storage that may be blocked: then each tab decides alone. */
const shared = {
  read: (key: string) => {
    try {
      return localStorage.getItem(key);
    } catch {
      return null;
    }
  },
  write: (key: string, value: string) => {
    try {
      localStorage.setItem(key, value);
    } catch {
      // Blocked storage: this tab's own activity still counts.
    }
  },
  remove: (key: string) => {
    try {
      localStorage.removeItem(key);
    } catch {
      // As above.
    }
  },
};

/**
 * The agent says whether routing may give them conversations. An agent who is online but idle
 * (no input in any of their tabs for five minutes) is set away, so routing stops handing work to an
 * empty chair; the first input afterwards sets them online again. Away or offline chosen by hand stays.
 */
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
  const [idleAway, setIdleAway] = useState(false);

  // Idle detection, shared by the agent's tabs through local storage (activity in any tab counts): the
  // latest availability and mutation are read through a ref by the long-lived listeners.
  const latest = useRef({ availability: current.value, mutate: set.mutate });
  useEffect(() => {
    latest.current = { availability: current.value, mutate: set.mutate };
  });
  useEffect(() => {
    let lastActivity = Date.now();
    let lastShared = 0;
    const onActivity = () => {
      lastActivity = Date.now();
      if (lastActivity - lastShared > 5000) {
        lastShared = lastActivity;
        shared.write(LAST_ACTIVITY_KEY, String(lastActivity));
      }
      if (shared.read(IDLE_AWAY_KEY) === null) return;
      shared.remove(IDLE_AWAY_KEY);
      setIdleAway(false);
      latest.current.mutate({ availability: "online" });
    };
    const check = () => {
      const { availability, mutate } = latest.current;
      const seen = Math.max(lastActivity, Number(shared.read(LAST_ACTIVITY_KEY) ?? 0));
      if (availability !== "online" || Date.now() - seen < AWAY_AFTER_IDLE_MS) return;
      shared.write(IDLE_AWAY_KEY, "1");
      setIdleAway(true);
      mutate({ availability: "away" });
    };
    const timer = window.setInterval(check, IDLE_CHECK_EVERY_MS);
    for (const name of ACTIVITY_EVENTS) window.addEventListener(name, onActivity, { passive: true });
    return () => {
      window.clearInterval(timer);
      for (const name of ACTIVITY_EVENTS) window.removeEventListener(name, onActivity);
    };
  }, []);
  return (
    <div className="relative">
      <button
        type="button"
        aria-label={`Availability: ${current.label}`}
        data-testid="availability"
        data-state={current.value}
        data-idle={idleAway && current.value === "away" ? "true" : undefined}
        title={
          idleAway && current.value === "away"
            ? "Away while you were idle; back online as soon as you return"
            : current.hint
        }
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
                  shared.remove(IDLE_AWAY_KEY);
                  setIdleAway(false);
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
