"use client";

import { useMutation } from "@tanstack/react-query";
import { useState } from "react";
import { useTRPC } from "@/components/providers/trpc";
import { input, PRIORITIES, quietButton, Section, useSaved, type Settings } from "./shared";

type Priority = (typeof PRIORITIES)[number];
const minutesOrNull = (text: string) => (text.trim() === "" ? null : Number(text));

function PolicyRow({ settings, priority, canEdit }: { settings: Settings; priority: Priority; canEdit: boolean }) {
  const trpc = useTRPC();
  const { callbacks, banner } = useSaved();
  const save = useMutation(trpc.routing.saveSlaPolicy.mutationOptions(callbacks(`SLA for ${priority} saved`)));
  const policy = settings.slaPolicies.find((p) => p.priority === priority);
  const [first, setFirst] = useState(policy?.firstResponseMinutes?.toString() ?? "");
  const [next, setNext] = useState(policy?.nextResponseMinutes?.toString() ?? "");
  const [resolution, setResolution] = useState(policy?.resolutionMinutes?.toString() ?? "");
  const [warn, setWarn] = useState(String(policy?.warnBeforeMinutes ?? 15));
  const [calendarId, setCalendarId] = useState(policy?.calendarId ?? "");
  const [escalation, setEscalation] = useState(
    policy?.escalation ?? { raisePriority: false, notifySupervisors: true, reassign: false },
  );
  const [enabled, setEnabled] = useState(policy?.enabled ?? true);
  const minutes = (label: string, value: string, set: (v: string) => void) => (
    <input
      aria-label={`${label} minutes for ${priority}`}
      className={`${input} w-24`}
      type="number"
      min={1}
      placeholder="—"
      value={value}
      disabled={!canEdit}
      onChange={(e) => set(e.target.value)}
    />
  );
  return (
    <li className="py-2" data-testid="sla-row" data-priority={priority}>
      {banner}
      <form
        className="flex flex-wrap items-center gap-2 text-sm"
        onSubmit={(event) => {
          event.preventDefault();
          save.mutate({
            priority,
            firstResponseMinutes: minutesOrNull(first),
            nextResponseMinutes: minutesOrNull(next),
            resolutionMinutes: minutesOrNull(resolution),
            warnBeforeMinutes: Number(warn),
            calendarId: calendarId || null,
            escalation,
            enabled,
          });
        }}
      >
        <span className="w-16 font-medium capitalize text-slate-900">{priority}</span>
        {minutes("First response", first, setFirst)}
        {minutes("Next response", next, setNext)}
        {minutes("Resolution", resolution, setResolution)}
        {minutes("Warn before", warn, setWarn)}
        <select
          aria-label={`Calendar for ${priority}`}
          className={input}
          value={calendarId}
          disabled={!canEdit}
          onChange={(e) => setCalendarId(e.target.value)}
        >
          <option value="">Team&apos;s hours</option>
          {settings.calendars.map((c) => (
            <option key={c.id} value={c.id}>
              {c.name}
            </option>
          ))}
        </select>
        {(["raisePriority", "notifySupervisors", "reassign"] as const).map((key) => (
          <label key={key} className="flex items-center gap-1 text-xs text-slate-600">
            <input
              type="checkbox"
              checked={escalation[key]}
              disabled={!canEdit}
              onChange={(e) => setEscalation({ ...escalation, [key]: e.target.checked })}
            />
            {key === "raisePriority"
              ? "raise priority"
              : key === "notifySupervisors"
                ? "notify supervisors"
                : "reassign"}
          </label>
        ))}
        <label className="flex items-center gap-1 text-xs text-slate-600">
          <input type="checkbox" checked={enabled} disabled={!canEdit} onChange={(e) => setEnabled(e.target.checked)} />
          on
        </label>
        {canEdit && (
          <button type="submit" className={quietButton} disabled={save.isPending}>
            Save
          </button>
        )}
      </form>
    </li>
  );
}

export function SlaSection({ settings, canEdit }: { settings: Settings; canEdit: boolean }) {
  return (
    <Section
      title="SLA policies"
      hint="Targets per priority in business minutes: first response, next response, resolution. Leave blank for no target."
    >
      <p className="mb-1 text-xs text-slate-500">
        Priority · first · next · resolution · warn before · calendar · on breach
      </p>
      <ul className="divide-y divide-slate-100">
        {PRIORITIES.map((priority) => (
          <PolicyRow key={priority} settings={settings} priority={priority} canEdit={canEdit} />
        ))}
      </ul>
    </Section>
  );
}

export function InboxTeamsSection({ settings, canEdit }: { settings: Settings; canEdit: boolean }) {
  const trpc = useTRPC();
  const { callbacks, banner } = useSaved();
  const save = useMutation(trpc.routing.setInboxTeam.mutationOptions(callbacks("Inbox team saved")));
  return (
    <Section title="Inboxes" hint="The team each inbox's new conversations go to, unless a rule says otherwise.">
      {banner}
      <ul className="divide-y divide-slate-100">
        {settings.inboxes.map((inbox) => (
          <li key={inbox.id} className="flex items-center gap-3 py-2 text-sm">
            <span className="flex-1 font-medium text-slate-900">{inbox.name}</span>
            <select
              aria-label={`Default team of ${inbox.name}`}
              className={input}
              value={inbox.defaultTeamId ?? ""}
              disabled={!canEdit || save.isPending}
              onChange={(e) => save.mutate({ inboxId: inbox.id, teamId: e.target.value || null })}
            >
              <option value="">No team</option>
              {settings.teams.map((team) => (
                <option key={team.id} value={team.id}>
                  {team.name}
                </option>
              ))}
            </select>
          </li>
        ))}
      </ul>
    </Section>
  );
}
