"use client";

import Pusher, { type Channel } from "pusher-js";
import { createContext, useContext, useEffect, useLayoutEffect, useRef, useState } from "react";
import type { RealtimeClientConfig } from "@/server/realtime/settings";

type ConnectionState = "initialized" | "connecting" | "connected" | "unavailable" | "failed" | "disconnected";

type RealtimeContextValue = { client: Pusher | null; state: ConnectionState; reconnects: number };

const RealtimeContext = createContext<RealtimeContextValue>({ client: null, state: "initialized", reconnects: 0 });

type AuthParams = Record<string, string>;

/** Fixed params, or a function read at every channel auth (e.g. a visitor token that is renewed). */
export type RealtimeAuthParams = AuthParams | (() => AuthParams);

export function createPusherClient(config: RealtimeClientConfig, authParams: RealtimeAuthParams = {}): Pusher {
  const sameOrigin = config.wsHost === null;
  const port = sameOrigin
    ? Number(window.location.port || (window.location.protocol === "https:" ? 443 : 80))
    : (config.wsPort ?? undefined);
  const tls = sameOrigin ? window.location.protocol === "https:" : config.forceTLS;
  return new Pusher(config.key, {
    cluster: config.cluster,
    wsHost: sameOrigin ? window.location.hostname : (config.wsHost ?? undefined),
    wsPort: port,
    wssPort: port,
    forceTLS: tls,
    enabledTransports: ["ws", "wss"],
    disableStats: true,
    channelAuthorization:
      typeof authParams === "function"
        ? { endpoint: config.authEndpoint, transport: "ajax", paramsProvider: authParams }
        : { endpoint: config.authEndpoint, transport: "ajax", params: authParams },
  });
}

// Pusher's "connection unauthorized" close code: the server will not take this connection back.
const CONNECTION_UNAUTHORIZED = 4009;

/** Cheap "is the app serving?" endpoint, polled only while the realtime connection is down. */
const LIVENESS_URL = "/api/health/live";
const PROBE_EVERY_MS = 1000;
/** Let pusher-js's own first attempt finish, and a fresh attempt connect, before starting another. */
const NUDGE_AFTER_DOWN_MS = 1500;
const NUDGE_GAP_MS = 2500;

/**
 * pusher-js backs off for up to ~15 s after the server went away. While it is not connected,
 * ask the app every second (and on `online` / tab shown) whether it is serving again and, when
 * it is, start a fresh connection at once; the reconnect then triggers the resync by seq.
 */
function nudgeWhenServerIsBack(client: Pusher): () => void {
  let downSince = Date.now();
  let lastNudge = 0;
  let probing = false;
  const onState = ({ current }: { current: ConnectionState }) => {
    if (current === "connected") downSince = Number.POSITIVE_INFINITY;
    else if (!Number.isFinite(downSince)) downSince = Date.now();
  };
  client.connection.bind("state_change", onState);

  const probe = async () => {
    const now = Date.now();
    if (probing || client.connection.state === "connected" || document.visibilityState === "hidden") return;
    if (now - downSince < NUDGE_AFTER_DOWN_MS || now - lastNudge < NUDGE_GAP_MS) return;
    probing = true;
    try {
      const response = await fetch(LIVENESS_URL, { cache: "no-store" });
      if (response.ok && client.connection.state !== "connected") {
        lastNudge = Date.now();
        client.disconnect();
        client.connect();
      }
    } catch {
      // Still unreachable: the next probe asks again.
    } finally {
      probing = false;
    }
  };
  const onWake = () => {
    if (client.connection.state !== "connected") downSince = Math.min(downSince, Date.now() - NUDGE_AFTER_DOWN_MS);
    void probe();
  };
  const timer = window.setInterval(() => void probe(), PROBE_EVERY_MS);
  window.addEventListener("online", onWake);
  document.addEventListener("visibilitychange", onWake);
  return () => {
    window.clearInterval(timer);
    window.removeEventListener("online", onWake);
    document.removeEventListener("visibilitychange", onWake);
    client.connection.unbind("state_change", onState);
  };
}

/** One pusher-js connection per tab; `reconnects` bumps on every re-established connection so views resync. */
export function RealtimeProvider({
  config,
  authParams,
  onUnauthorized,
  children,
}: {
  config: RealtimeClientConfig;
  authParams?: RealtimeAuthParams;
  /** The server closed the connection because the session behind it ended. */
  onUnauthorized?: () => void;
  children: React.ReactNode;
}) {
  const [value, setValue] = useState<RealtimeContextValue>({ client: null, state: "initialized", reconnects: 0 });
  // A function is read at each auth, so the connection outlives changes of what it returns.
  const dynamicParams = typeof authParams === "function" ? authParams : null;
  const paramsKey = dynamicParams ? "" : JSON.stringify(authParams ?? {});

  useEffect(() => {
    const client = createPusherClient(config, dynamicParams ?? (JSON.parse(paramsKey) as AuthParams));
    let everConnected = false;
    // eslint-disable-next-line react-hooks/set-state-in-effect -- publishing the connection this effect owns
    setValue({ client, state: "connecting", reconnects: 0 });
    client.connection.bind("state_change", ({ current }: { current: ConnectionState }) => {
      setValue((previous) => {
        const isReconnect = current === "connected" && everConnected;
        if (current === "connected") everConnected = true;
        return { client, state: current, reconnects: previous.reconnects + (isReconnect ? 1 : 0) };
      });
    });
    client.connection.bind("error", (error: { data?: { code?: number } } | undefined) => {
      if (error?.data?.code === CONNECTION_UNAUTHORIZED) onUnauthorized?.();
    });
    const stopNudging = nudgeWhenServerIsBack(client);
    return () => {
      stopNudging();
      client.disconnect();
    };
  }, [config, paramsKey, dynamicParams, onUnauthorized]);

  return <RealtimeContext.Provider value={value}>{children}</RealtimeContext.Provider>;
}

export const useRealtime = () => useContext(RealtimeContext);

/** Several components may follow one channel; it is left only when the last of them unmounts. */
const channelUsers = new WeakMap<Pusher, Map<string, number>>();

function retainChannel(client: Pusher, name: string): Channel {
  const counts = channelUsers.get(client) ?? new Map<string, number>();
  channelUsers.set(client, counts);
  counts.set(name, (counts.get(name) ?? 0) + 1);
  return client.channel(name) ?? client.subscribe(name);
}

function releaseChannel(client: Pusher, name: string): void {
  const counts = channelUsers.get(client);
  const remaining = (counts?.get(name) ?? 1) - 1;
  if (remaining > 0) {
    counts?.set(name, remaining);
    return;
  }
  counts?.delete(name);
  client.unsubscribe(name);
}

/** What pusher-js passes with an event: on presence channels, who triggered a client event. */
export type EventMetadata = { user_id?: string };

/** Subscribes to a channel while mounted and calls the latest handler for each named event. */
export function useChannelEvents(
  channelName: string | null,
  handlers: Record<string, (data: unknown, metadata?: EventMetadata) => void>,
): void {
  const { client } = useRealtime();
  const latest = useRef(handlers);
  useLayoutEffect(() => {
    latest.current = handlers;
  });
  const eventNames = Object.keys(handlers).sort().join(",");

  useEffect(() => {
    if (!client || !channelName) return;
    const channel = retainChannel(client, channelName);
    const bound = eventNames
      .split(",")
      .filter(Boolean)
      .map((name) => {
        const listener = (data: unknown, metadata?: EventMetadata) => latest.current[name]?.(data, metadata);
        channel.bind(name, listener);
        return [name, listener] as const;
      });
    return () => {
      for (const [name, listener] of bound) channel.unbind(name, listener);
      releaseChannel(client, channelName);
    };
  }, [client, channelName, eventNames]);
}
