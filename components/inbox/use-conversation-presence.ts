"use client";

import { useState } from "react";
import { useChannelEvents, type EventMetadata } from "@/components/realtime/realtime-provider";
import { useExpiringSignals, useTypingAnnouncer } from "@/components/realtime/typing";
import { channelNames } from "@/server/realtime/channel-names";

export type Colleague = { userId: string; name: string };
export type ComposingKind = "reply" | "note";

const REPLYING_EVENT = "client-replying";

type MemberInfo = { id: string; info?: { name?: string } };
type Members = { each(callback: (member: MemberInfo) => void): void };
type ReplyingSignal = { kind: ComposingKind | "idle" };

const colleagueOf = (member: MemberInfo): Colleague => ({
  userId: member.id,
  name: member.info?.name ?? "Another agent",
});

/**
 * Who else has this conversation open, and who of them is writing in it: a presence channel per
 * conversation and a throttled, self-expiring client event, never stored. Collisions (two agents
 * answering the same customer) are seen before they happen.
 */
export function useConversationPresence(conversationId: string, currentUserId: string) {
  const channelName = channelNames.conversationPresence(conversationId);
  const [others, setOthers] = useState<Colleague[]>([]);
  const replying = useExpiringSignals<{ kind: ComposingKind }>(conversationId);
  const announcer = useTypingAnnouncer<ReplyingSignal>(channelName, REPLYING_EVENT);

  // A conversation switch starts from nobody; the new channel's member list follows.
  const [shownFor, setShownFor] = useState(conversationId);
  if (shownFor !== conversationId) {
    setShownFor(conversationId);
    setOthers([]);
  }

  useChannelEvents(channelName, {
    "pusher:subscription_succeeded": (members) => {
      const list: Colleague[] = [];
      (members as Members).each((member) => {
        if (member.id !== currentUserId) list.push(colleagueOf(member));
      });
      setOthers(list);
    },
    "pusher:member_added": (member) => {
      const colleague = colleagueOf(member as MemberInfo);
      if (colleague.userId === currentUserId) return;
      setOthers((current) => [...current.filter((c) => c.userId !== colleague.userId), colleague]);
    },
    "pusher:member_removed": (member) => {
      const { id } = member as MemberInfo;
      setOthers((current) => current.filter((c) => c.userId !== id));
      replying.forget(id);
    },
    [REPLYING_EVENT]: (data, metadata?: EventMetadata) => {
      // Who sent it comes from the server (the sender's presence membership), never from the payload.
      const userId = metadata?.user_id;
      const kind = (data as Partial<ReplyingSignal> | null)?.kind;
      if (!userId || userId === currentUserId) return;
      if (kind !== "reply" && kind !== "note") return replying.forget(userId);
      replying.set(userId, { kind });
    },
  });

  const nameOf = (userId: string) => others.find((c) => c.userId === userId)?.name ?? "Another agent";
  const composing = [...replying.signals].map(([userId, { kind }]) => ({ userId, name: nameOf(userId), kind }));
  return {
    others,
    composing,
    nameOf,
    /** Call on every keystroke of a reply or a note. */
    announceComposing: (kind: ComposingKind) => announcer.announce({ kind }),
    /** The draft was sent or cleared. */
    announceIdle: () => announcer.stop({ kind: "idle" }),
  };
}
