"use client";

import { useQuery } from "@tanstack/react-query";
import { ContactTimeline } from "@/components/contacts/contact-timeline";
import { DuplicateSuggestions } from "@/components/contacts/duplicate-suggestions";
import { IdentityList } from "@/components/contacts/identity-list";
import { useTRPC } from "@/components/providers/trpc";
import { Avatar } from "@/components/ui/avatar";

export function ContactPanel({
  contactId,
  currentConversationId,
}: {
  contactId: string;
  currentConversationId: string;
}) {
  const trpc = useTRPC();
  const contact = useQuery(trpc.contacts.get.queryOptions({ contactId }));
  if (!contact.data) return <aside className="hidden w-72 shrink-0 border-l border-slate-200 bg-white xl:block" />;
  const c = contact.data;
  const name = c.name ?? c.email ?? "Unknown contact";
  return (
    <aside
      className="hidden w-72 shrink-0 overflow-y-auto border-l border-slate-200 bg-white xl:block"
      data-testid="contact-panel"
    >
      <div className="flex flex-col items-center gap-2 border-b border-slate-100 px-5 py-6 text-center">
        <Avatar name={name} seed={c.id} size="lg" />
        <h3 className="font-semibold">{name}</h3>
        {c.email && <p className="text-sm text-slate-500">{c.email}</p>}
        {c.phone && <p className="text-sm text-slate-500">{c.phone}</p>}
        <a href={`/contacts/${c.id}`} className="text-xs font-medium text-brand-600 hover:underline">
          Open contact page
        </a>
      </div>
      <div className="space-y-4 px-5 py-4">
        <DuplicateSuggestions contactId={c.id} compact />
        <div>
          <h4 className="mb-1.5 text-xs font-medium uppercase tracking-wide text-slate-400">Known as</h4>
          <IdentityList identities={c.identities} />
        </div>
      </div>
      <div className="border-t border-slate-100 px-5 py-4">
        <h4 className="mb-2 text-xs font-medium uppercase tracking-wide text-slate-400">
          Conversations ({c.conversations.length})
        </h4>
        <ContactTimeline conversations={c.conversations} currentConversationId={currentConversationId} compact />
      </div>
    </aside>
  );
}
