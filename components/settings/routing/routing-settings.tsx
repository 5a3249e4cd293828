"use client";

import { useQuery } from "@tanstack/react-query";
import { useTRPC } from "@/components/providers/trpc";
import { AgentsSection } from "./agents-section";
import { CalendarsSection } from "./calendars-section";
import { RulesSection } from "./rules-section";
import { InboxTeamsSection, SlaSection } from "./sla-section";
import { TeamsSection } from "./teams-section";

/** Admins configure routing here; supervisors see it and may test and replay rules. */
export function RoutingSettings({ canEdit }: { canEdit: boolean }) {
  const trpc = useTRPC();
  const settings = useQuery(trpc.routing.settings.queryOptions());
  return (
    <div className="flex-1 overflow-y-auto bg-slate-50 p-8">
      <div className="mx-auto max-w-4xl">
        <h1 className="text-xl font-semibold text-slate-900">Routing</h1>
        <p className="mt-1 text-sm text-slate-500">
          New conversations are matched against the rules, sent to a team and given to its best online agent with the
          skills and room for it; if nobody fits they wait in the team&apos;s queue by priority, SLA and age.
        </p>
        {settings.error && <p className="mt-4 text-sm text-red-700">{settings.error.message}</p>}
        {settings.data && (
          <>
            <RulesSection settings={settings.data} canEdit={canEdit} />
            <TeamsSection settings={settings.data} canEdit={canEdit} />
            <AgentsSection settings={settings.data} canEdit={canEdit} />
            <InboxTeamsSection settings={settings.data} canEdit={canEdit} />
            <SlaSection settings={settings.data} canEdit={canEdit} />
            <CalendarsSection settings={settings.data} canEdit={canEdit} />
          </>
        )}
      </div>
    </div>
  );
}
