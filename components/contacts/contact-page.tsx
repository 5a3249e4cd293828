"use client";

import { useQuery } from "@tanstack/react-query";
import { useTRPC } from "@/components/providers/trpc";
import { Avatar } from "@/components/ui/avatar";
import { ContactTimeline } from "./contact-timeline";
import { DuplicateSuggestions } from "./duplicate-suggestions";
import { IdentityList } from "./identity-list";
import { MergeHistory } from "./merge-history";
import { NewConversation } from "./new-conversation";

function Section({ title, children }: { title: string; children: React.ReactNode }) {
  return (
    <section>
      <h2 className="mb-2 text-xs font-medium uppercase tracking-wide text-slate-400">{title}</h2>
      {children}
    </section>
  );
}

/** One customer, one context: who they are, every conversation on every channel, duplicates and merges. */
export function ContactPage({ contactId }: { contactId: string }) {
  const trpc = useTRPC();
  const contact = useQuery(trpc.contacts.get.queryOptions({ contactId }));
  if (contact.error) {
    return (
      <div className="flex flex-1 items-center justify-center p-10 text-sm text-slate-500">{contact.error.message}</div>
    );
  }
  if (!contact.data) return <div className="flex-1 bg-slate-50" />;
  const c = contact.data;
  const name = c.name ?? c.email ?? "Unknown contact";
  return (
    <div className="flex-1 overflow-y-auto bg-slate-50 p-8" data-testid="contact-page">
      <div className="mx-auto grid max-w-5xl gap-8 lg:grid-cols-[1fr_320px]">
        <div className="space-y-8">
          <header className="flex items-center gap-4">
            <Avatar name={name} seed={c.id} size="lg" />
            <div className="min-w-0">
              <h1 className="truncate text-xl font-semibold text-slate-900">{name}</h1>
              <p className="text-sm text-slate-500">
                {[c.email, c.phone].filter(Boolean).join(" · ") || "No contact details"}
              </p>
              {c.mergedFromId && (
                <p className="mt-1 text-xs text-slate-400">The contact you opened was merged into this one.</p>
              )}
            </div>
          </header>
          <DuplicateSuggestions contactId={c.id} />
          <Section title={`Conversations on every channel (${c.conversations.length})`}>
            <ContactTimeline conversations={c.conversations} />
          </Section>
          <Section title="Merge history">
            <MergeHistory contactId={c.id} />
          </Section>
        </div>
        <aside className="space-y-8">
          <Section title="Known as">
            <IdentityList identities={c.identities} />
          </Section>
          <Section title="New conversation">
            <NewConversation contactId={c.id} inboxes={c.reachableInboxes} />
          </Section>
          <Section title="First seen">
            <p className="text-sm text-slate-700">{new Date(c.createdAt).toLocaleString()}</p>
          </Section>
        </aside>
      </div>
    </div>
  );
}
