"use client";

import { useQuery } from "@tanstack/react-query";
import { MessagesSquare } from "lucide-react";
import { useRouter, useSearchParams } from "next/navigation";
import { useState } from "react";
import { useTRPC } from "@/components/providers/trpc";
import { ContactPanel } from "./contact-panel";
import { ConversationList, type ListFilters } from "./conversation-list";
import { ConversationThread } from "./conversation-thread";

export function InboxView({ workspaceId, currentUserId }: { workspaceId: string; currentUserId: string }) {
  const router = useRouter();
  const searchParams = useSearchParams();
  const selectedId = searchParams.get("c");
  const [filters, setFilters] = useState<ListFilters>({ status: "open", assignee: "any" });
  const trpc = useTRPC();
  const selected = useQuery({
    ...trpc.conversations.get.queryOptions({ conversationId: selectedId ?? "" }),
    enabled: !!selectedId,
  });

  return (
    <>
      <ConversationList
        workspaceId={workspaceId}
        filters={filters}
        onFiltersChange={setFilters}
        selectedId={selectedId}
        onSelect={(id) => router.replace(`/inbox?c=${id}`, { scroll: false })}
      />
      {selectedId ? (
        <>
          <ConversationThread key={selectedId} conversationId={selectedId} currentUserId={currentUserId} />
          {selected.data && <ContactPanel contactId={selected.data.contact.id} currentConversationId={selectedId} />}
        </>
      ) : (
        <div className="flex flex-1 flex-col items-center justify-center gap-3 text-slate-400">
          <MessagesSquare className="size-10" />
          <p className="text-sm">Pick a conversation to start helping.</p>
        </div>
      )}
    </>
  );
}
