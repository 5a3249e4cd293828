"use client";

import { useChannelEvents } from "@/components/realtime/realtime-provider";
import { useExpiringSignals, useTypingAnnouncer } from "@/components/realtime/typing";

export type ChatSide = "visitor" | "agent";
type TypingSignal = { from: ChatSide; state: "typing" | "idle"; name?: string };

const TYPING_EVENT = "client-typing";
const MAX_NAME = 60;

/**
 * "Typing…" between the customer and the agents, on the conversation's widget channel (the one
 * both sides can read; it never carries private notes): each side announces its own writing and
 * sees the other side's, throttled and expiring by itself, never stored. Nothing is announced
 * before the conversation exists.
 */
export function useCustomerTyping(channelName: string | null, side: ChatSide, resetKey: string) {
  const typing = useExpiringSignals<{ name: string }>(resetKey);
  const announcer = useTypingAnnouncer<TypingSignal>(channelName, TYPING_EVENT);

  useChannelEvents(channelName, {
    [TYPING_EVENT]: (data) => {
      const signal = (data ?? {}) as Partial<TypingSignal>;
      const from = signal.from;
      if ((from !== "visitor" && from !== "agent") || from === side) return;
      const name = typeof signal.name === "string" ? signal.name.slice(0, MAX_NAME) : "";
      const key = `${from}:${name}`;
      if (signal.state === "typing") typing.set(key, { name });
      else typing.forget(key);
    },
  });

  return {
    /** The other side's writers, by the name they gave (empty for the customer). */
    othersTyping: [...typing.signals.values()].map(({ name }) => name),
    /** Call on every keystroke. */
    announce: (name?: string) =>
      announcer.announce({ from: side, state: "typing", ...(name ? { name: name.slice(0, MAX_NAME) } : {}) }),
    stop: (name?: string) =>
      announcer.stop({ from: side, state: "idle", ...(name ? { name: name.slice(0, MAX_NAME) } : {}) }),
  };
}
