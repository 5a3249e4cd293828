"use client";

import { useCallback, useEffect, useRef, useState } from "react";
import { useRealtime } from "./realtime-provider";

/** A "writing" signal lasts this long unless repeated; a closed tab or a lost connection ends it by itself. */
export const TYPING_EXPIRES_MS = 6000;
/** How often, at most, writing is announced. */
export const TYPING_ANNOUNCE_EVERY_MS = 2000;

/**
 * Announces "writing" on a channel as a client event, at most every two seconds however fast the
 * keys go, and "stopped" once when the draft is sent or cleared. Never stored; nothing is sent
 * while the channel is not subscribed.
 */
export function useTypingAnnouncer<Payload extends object>(channelName: string | null, event: string) {
  const { client } = useRealtime();
  const lastAnnounced = useRef(0);
  const trigger = useCallback(
    (payload: Payload) => {
      const channel = channelName ? client?.channel(channelName) : undefined;
      if (channel?.subscribed) channel.trigger(event, payload);
    },
    [client, channelName, event],
  );
  /** Call on every keystroke. */
  const announce = useCallback(
    (payload: Payload) => {
      const now = Date.now();
      if (now - lastAnnounced.current < TYPING_ANNOUNCE_EVERY_MS) return;
      lastAnnounced.current = now;
      trigger(payload);
    },
    [trigger],
  );
  /** The draft was sent or cleared. */
  const stop = useCallback(
    (payload: Payload) => {
      if (lastAnnounced.current === 0) return;
      lastAnnounced.current = 0;
      trigger(payload);
    },
    [trigger],
  );
  return { announce, stop };
}

/** Signals by key that disappear `TYPING_EXPIRES_MS` after they were last set, or when forgotten. */
export function useExpiringSignals<Value>(resetKey: string) {
  const [signals, setSignals] = useState<Map<string, Value & { until: number }>>(new Map());
  // A new conversation starts with nobody writing.
  const [shownFor, setShownFor] = useState(resetKey);
  if (shownFor !== resetKey) {
    setShownFor(resetKey);
    setSignals(new Map());
  }

  useEffect(() => {
    if (signals.size === 0) return;
    const timer = window.setInterval(() => {
      const now = Date.now();
      setSignals((current) => {
        const next = new Map([...current].filter(([, signal]) => signal.until > now));
        return next.size === current.size ? current : next;
      });
    }, 1000);
    return () => window.clearInterval(timer);
  }, [signals.size]);

  const set = useCallback(
    (key: string, value: Value) =>
      setSignals((current) => new Map(current).set(key, { ...value, until: Date.now() + TYPING_EXPIRES_MS })),
    [],
  );
  const forget = useCallback(
    (key: string) =>
      setSignals((current) => {
        if (!current.has(key)) return current;
        const next = new Map(current);
        next.delete(key);
        return next;
      }),
    [],
  );
  return { signals, set, forget };
}
