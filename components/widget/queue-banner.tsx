"use client";

import { useQuery } from "@tanstack/react-query";
import { useTRPC } from "@/components/providers/trpc";

/** While nobody has picked the conversation up: the visitor's place in line, or when the team opens. */
export function QueueBanner({
  inboxToken,
  visitorToken,
  conversationId,
}: {
  inboxToken: string;
  visitorToken: string;
  conversationId: string | null;
}) {
  const trpc = useTRPC();
  const status = useQuery({
    ...trpc.widget.queue.queryOptions({ inboxToken, visitorToken, conversationId: conversationId ?? "" }),
    enabled: conversationId !== null,
    // The queue moves as other customers are served; ask again every few seconds while waiting.
    refetchInterval: (query) =>
      query.state.data?.state === "waiting" || query.state.data?.state === "closed" ? 5_000 : 20_000,
  });
  const data = status.data;
  if (!data || (data.state !== "waiting" && data.state !== "closed")) return null;
  let text: string;
  if (data.state === "closed") {
    const opens = data.nextOpeningAt ? new Date(data.nextOpeningAt) : null;
    text = opens
      ? `We're away right now. We open again ${opens.toLocaleString(undefined, { weekday: "long", hour: "2-digit", minute: "2-digit" })} and will answer then.`
      : "We're away right now and will answer as soon as we are back.";
  } else {
    const place = data.position === 1 ? "You're next in line" : `You're number ${data.position} in line`;
    text =
      data.expectedWaitMinutes !== null
        ? `${place} · expected wait about ${data.expectedWaitMinutes} min`
        : `${place} · an agent will be with you as soon as one is available`;
  }
  return (
    <p
      role="status"
      data-testid="queue-status"
      data-state={data.state}
      className="border-b border-amber-100 bg-amber-50 px-4 py-2 text-xs text-amber-800"
    >
      {text}
    </p>
  );
}
