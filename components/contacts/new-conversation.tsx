"use client";

import { useMutation } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { useTRPC } from "@/components/providers/trpc";
import { channelLabel } from "@/components/ui/channel-icon";
import type { ChannelType } from "@/db/schema";

const newClientMessageId = () => `cm_${crypto.randomUUID().replace(/-/g, "")}`;

/** Reach out on a channel the contact already uses; the new conversation opens in the inbox. */
export function NewConversation({
  contactId,
  inboxes,
}: {
  contactId: string;
  inboxes: { id: string; name: string; channelType: ChannelType }[];
}) {
  const trpc = useTRPC();
  const router = useRouter();
  const [inboxId, setInboxId] = useState(inboxes[0]?.id ?? "");
  const [body, setBody] = useState("");
  // One id per message typed, so a double click or a retry starts one conversation.
  const [clientMessageId, setClientMessageId] = useState(newClientMessageId);
  const start = useMutation(
    trpc.contacts.startConversation.mutationOptions({
      onSuccess: ({ conversationId }) => {
        setClientMessageId(newClientMessageId());
        router.push(`/inbox?c=${conversationId}`);
      },
    }),
  );
  if (inboxes.length === 0) {
    return <p className="text-sm text-slate-400">This contact has no channel an agent can write to first yet.</p>;
  }
  return (
    <form
      className="space-y-2"
      onSubmit={(event) => {
        event.preventDefault();
        if (body.trim()) start.mutate({ contactId, inboxId, body, clientMessageId });
      }}
    >
      <label className="block text-xs font-medium text-slate-500" htmlFor="new-conversation-inbox">
        Channel
      </label>
      <select
        id="new-conversation-inbox"
        value={inboxId}
        onChange={(event) => setInboxId(event.target.value)}
        className="w-full rounded-lg border border-slate-300 px-2 py-1.5 text-sm"
      >
        {inboxes.map((inbox) => (
          <option key={inbox.id} value={inbox.id}>
            {inbox.name} ({channelLabel(inbox.channelType)})
          </option>
        ))}
      </select>
      <textarea
        aria-label="First message"
        value={body}
        onChange={(event) => setBody(event.target.value)}
        placeholder="Write the first message…"
        rows={3}
        className="w-full rounded-lg border border-slate-300 px-3 py-2 text-sm"
      />
      {start.error && (
        <p role="alert" className="text-sm text-red-600">
          {start.error.message}
        </p>
      )}
      <button
        type="submit"
        disabled={start.isPending || !body.trim()}
        className="rounded-lg bg-brand-600 px-3 py-1.5 text-sm font-medium text-white hover:bg-brand-700 disabled:opacity-50"
      >
        Start conversation
      </button>
    </form>
  );
}
