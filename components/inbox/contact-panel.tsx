"use client";

import { useQuery } from "@tanstack/react-query";
import { useTRPC } from "@/components/providers/trpc";
import { Avatar } from "@/components/ui/avatar";
import { shortTimeAgo } from "@/components/ui/time";

const IDENTITY_LABEL: Record<string, string> = { web_visitor: "Website visitor", email: "Email", phone: "Phone" };

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
      </div>
      <dl className="space-y-3 px-5 py-4 text-sm">
        <div>
          <dt className="text-xs font-medium uppercase tracking-wide text-slate-400">Known as</dt>
          {c.identities.map((identity) => (
            <dd key={`${identity.kind}:${identity.value}`} className="mt-1 flex justify-between gap-2">
              <span className="text-slate-500">{IDENTITY_LABEL[identity.kind] ?? identity.kind}</span>
              <span className="truncate font-mono text-xs text-slate-700">{identity.value}</span>
            </dd>
          ))}
        </div>
        <div>
          <dt className="text-xs font-medium uppercase tracking-wide text-slate-400">First seen</dt>
          <dd className="mt-1 text-slate-700">{new Date(c.createdAt).toLocaleString()}</dd>
        </div>
      </dl>
      <div className="border-t border-slate-100 px-5 py-4">
        <h4 className="text-xs font-medium uppercase tracking-wide text-slate-400">
          Conversations ({c.conversations.length})
        </h4>
        <ul className="mt-2 space-y-2">
          {c.conversations.map((conversation) => (
            <li
              key={conversation.id}
              className={`rounded-lg border px-3 py-2 text-xs ${conversation.id === currentConversationId ? "border-brand-200 bg-brand-50" : "border-slate-100"}`}
            >
              <div className="flex justify-between text-slate-500">
                <span className="capitalize">
                  {conversation.status} · {conversation.inboxName}
                </span>
                <span>{shortTimeAgo(conversation.lastActivityAt)}</span>
              </div>
              <p className="mt-1 truncate text-slate-700">{conversation.preview ?? "—"}</p>
            </li>
          ))}
        </ul>
      </div>
    </aside>
  );
}
