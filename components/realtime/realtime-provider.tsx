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
    return () => client.disconnect();
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

/** Subscribes to a channel while mounted and calls the latest handler for each named event. */
export function useChannelEvents(channelName: string | null, handlers: Record<string, (data: unknown) => void>): void {
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
        const listener = (data: unknown) => latest.current[name]?.(data);
        channel.bind(name, listener);
        return [name, listener] as const;
      });
    return () => {
      for (const [name, listener] of bound) channel.unbind(name, listener);
      releaseChannel(client, channelName);
    };
  }, [client, channelName, eventNames]);
}
