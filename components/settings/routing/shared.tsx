"use client";

import { useQueryClient } from "@tanstack/react-query";
import { useState, type ReactNode } from "react";
import { useTRPC } from "@/components/providers/trpc";
import type { RoutingSettings } from "@/server/services/routing/get-routing-settings";

export type Settings = RoutingSettings;

export const input = "rounded-lg border border-slate-300 px-2 py-1 text-sm";
export const primaryButton =
  "rounded-lg bg-brand-600 px-3 py-1.5 text-sm font-medium text-white hover:bg-brand-700 disabled:opacity-50";
export const quietButton = "rounded-lg px-2 py-1 text-sm text-slate-600 hover:bg-slate-100 disabled:opacity-50";

export function Section({ title, hint, children }: { title: string; hint?: string; children: ReactNode }) {
  return (
    <section className="mt-8" aria-label={title}>
      <h2 className="text-base font-semibold text-slate-900">{title}</h2>
      {hint && <p className="mt-1 text-sm text-slate-500">{hint}</p>}
      <div className="mt-3 rounded-xl bg-white p-4 ring-1 ring-slate-200">{children}</div>
    </section>
  );
}

/** Mutation callbacks that refresh the settings and surface the server's message on failure. */
export function useSaved() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [problem, setProblem] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const callbacks = (message: string) => ({
    onSuccess: () => {
      setProblem(null);
      setNotice(message);
      return queryClient.invalidateQueries({ queryKey: trpc.routing.settings.queryKey() });
    },
    onError: (error: { message: string }) => {
      setNotice(null);
      setProblem(error.message);
    },
  });
  const banner = (
    <>
      {problem && (
        <p role="alert" className="mb-3 rounded-lg bg-red-50 p-2 text-sm text-red-700 ring-1 ring-red-200">
          {problem}
        </p>
      )}
      {notice && (
        <p role="status" className="mb-3 rounded-lg bg-emerald-50 p-2 text-sm text-emerald-700 ring-1 ring-emerald-200">
          {notice}
        </p>
      )}
    </>
  );
  return { callbacks, banner };
}

export const STRATEGIES = [
  { value: "round_robin", label: "Round robin" },
  { value: "least_busy", label: "Least busy" },
  { value: "manual", label: "Manual claim" },
] as const;

export const PRIORITIES = ["urgent", "high", "normal", "low"] as const;

export const DAYS = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"] as const;

export const splitList = (text: string) =>
  text
    .split(",")
    .map((item) => item.trim())
    .filter(Boolean);
