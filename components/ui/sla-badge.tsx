"use client";

import { clsx } from "clsx";
import { useEffect, useState } from "react";

/** A clock that ticks every `everyMs`, for countdowns. */
export function useNow(everyMs = 30_000): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), everyMs);
    return () => clearInterval(timer);
  }, [everyMs]);
  return now;
}

function span(ms: number): string {
  const minutes = Math.round(Math.abs(ms) / 60_000);
  if (minutes < 60) return `${minutes}m`;
  const hours = Math.floor(minutes / 60);
  if (hours < 48) return `${hours}h ${minutes % 60}m`;
  return `${Math.floor(hours / 24)}d`;
}

/** The SLA countdown: grey while there is time, amber within the warning window, red once breached. */
export function SlaBadge({
  dueAt,
  breachedAt,
  warnMinutes = 15,
}: {
  dueAt: string | null;
  breachedAt: string | null;
  warnMinutes?: number;
}) {
  const now = useNow();
  if (!dueAt && !breachedAt) return null;
  const left = dueAt ? new Date(dueAt).getTime() - now : -1;
  const breached = breachedAt !== null || left < 0;
  const warning = !breached && left <= warnMinutes * 60_000;
  const label = breached ? (dueAt ? `SLA −${span(left)}` : "SLA breached") : `SLA ${span(left)}`;
  return (
    <span
      data-testid="sla-badge"
      data-state={breached ? "breached" : warning ? "warning" : "ok"}
      title={dueAt ? `Due ${new Date(dueAt).toLocaleString()}` : "SLA breached"}
      className={clsx(
        "rounded px-1.5 py-0.5 text-[10px] font-semibold tabular-nums ring-1 ring-inset",
        breached
          ? "bg-red-50 text-red-700 ring-red-200"
          : warning
            ? "bg-amber-50 text-amber-700 ring-amber-200"
            : "bg-slate-50 text-slate-500 ring-slate-200",
      )}
    >
      {label}
    </span>
  );
}
