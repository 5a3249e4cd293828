"use client";

import { useSyncExternalStore } from "react";
import { useRealtime } from "./realtime-provider";

export type ConnectionStatus = { kind: "live" | "reconnecting" | "offline"; label: string };

const subscribeOnline = (onChange: () => void) => {
  window.addEventListener("online", onChange);
  window.addEventListener("offline", onChange);
  return () => {
    window.removeEventListener("online", onChange);
    window.removeEventListener("offline", onChange);
  };
};

/**
 * What to tell a person about the live connection: live, reconnecting (pusher-js is trying; what
 * was missed is fetched by seq once it is back), or offline (the browser has no network, or the
 * server could not be reached for a while).
 */
export function useConnectionStatus(): ConnectionStatus {
  const { state } = useRealtime();
  const browserOnline = useSyncExternalStore(
    subscribeOnline,
    () => navigator.onLine,
    () => true,
  );
  if (!browserOnline || state === "unavailable" || state === "failed") return { kind: "offline", label: "Offline" };
  if (state === "connected") return { kind: "live", label: "Live" };
  return { kind: "reconnecting", label: "Reconnecting…" };
}
