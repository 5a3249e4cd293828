"use client";

import { useMutation } from "@tanstack/react-query";
import { useState } from "react";
import { useTRPC } from "@/components/providers/trpc";
import { input, primaryButton, quietButton, Section, STRATEGIES, useSaved, type Settings } from "./shared";

type Strategy = (typeof STRATEGIES)[number]["value"];
type Draft = { name: string; strategy: Strategy; calendarId: string | null; memberIds: string[] };

function TeamForm({
  settings,
  initial,
  submitLabel,
  onSubmit,
  pending,
}: {
  settings: Settings;
  initial: Draft;
  submitLabel: string;
  onSubmit: (draft: Draft) => void;
  pending: boolean;
}) {
  const [draft, setDraft] = useState(initial);
  const toggle = (userId: string) =>
    setDraft((d) => ({
      ...d,
      memberIds: d.memberIds.includes(userId) ? d.memberIds.filter((id) => id !== userId) : [...d.memberIds, userId],
    }));
  return (
    <form
      className="space-y-2"
      onSubmit={(event) => {
        event.preventDefault();
        onSubmit(draft);
      }}
    >
      <div className="flex flex-wrap items-center gap-2">
        <input
          aria-label="Team name"
          className={input}
          value={draft.name}
          placeholder="Team name"
          onChange={(e) => setDraft({ ...draft, name: e.target.value })}
        />
        <select
          aria-label="Assignment strategy"
          className={input}
          value={draft.strategy}
          onChange={(e) => setDraft({ ...draft, strategy: e.target.value as Strategy })}
        >
          {STRATEGIES.map((s) => (
            <option key={s.value} value={s.value}>
              {s.label}
            </option>
          ))}
        </select>
        <select
          aria-label="Business hours"
          className={input}
          value={draft.calendarId ?? ""}
          onChange={(e) => setDraft({ ...draft, calendarId: e.target.value || null })}
        >
          <option value="">Always open</option>
          {settings.calendars.map((c) => (
            <option key={c.id} value={c.id}>
              {c.name}
            </option>
          ))}
        </select>
        <button type="submit" className={primaryButton} disabled={pending}>
          {submitLabel}
        </button>
      </div>
      <fieldset className="flex flex-wrap gap-3 text-sm text-slate-700">
        <legend className="sr-only">Members</legend>
        {settings.agents.map((agent) => (
          <label key={agent.userId} className="flex items-center gap-1">
            <input
              type="checkbox"
              checked={draft.memberIds.includes(agent.userId)}
              onChange={() => toggle(agent.userId)}
            />
            {agent.name}
          </label>
        ))}
      </fieldset>
    </form>
  );
}

export function TeamsSection({ settings, canEdit }: { settings: Settings; canEdit: boolean }) {
  const trpc = useTRPC();
  const { callbacks, banner } = useSaved();
  const create = useMutation(trpc.routing.createTeam.mutationOptions(callbacks("Team created")));
  const update = useMutation(trpc.routing.updateTeam.mutationOptions(callbacks("Team saved")));
  const [editing, setEditing] = useState<string | null>(null);
  const [formKey, setFormKey] = useState(0);
  const nameOf = (userId: string) => settings.agents.find((a) => a.userId === userId)?.name ?? "?";
  return (
    <Section title="Teams" hint="Who handles which conversations, how they are handed out, and when the team works.">
      {banner}
      <ul className="divide-y divide-slate-100">
        {settings.teams.map((team) => (
          <li key={team.id} className="py-3" data-testid="team-row" data-name={team.name}>
            {editing === team.id && canEdit ? (
              <TeamForm
                settings={settings}
                initial={{
                  name: team.name,
                  strategy: team.strategy,
                  calendarId: team.calendarId,
                  memberIds: team.memberIds,
                }}
                submitLabel="Save team"
                pending={update.isPending}
                onSubmit={(draft) =>
                  update.mutate({ teamId: team.id, ...draft }, { onSuccess: () => setEditing(null) })
                }
              />
            ) : (
              <div className="flex items-center gap-3">
                <div className="min-w-0 flex-1">
                  <p className="text-sm font-medium text-slate-900">{team.name}</p>
                  <p className="text-xs text-slate-500">
                    {STRATEGIES.find((s) => s.value === team.strategy)?.label} ·{" "}
                    {settings.calendars.find((c) => c.id === team.calendarId)?.name ?? "Always open"} ·{" "}
                    {team.memberIds.length ? team.memberIds.map(nameOf).join(", ") : "no members"}
                  </p>
                </div>
                {canEdit && (
                  <button type="button" className={quietButton} onClick={() => setEditing(team.id)}>
                    Edit
                  </button>
                )}
              </div>
            )}
          </li>
        ))}
        {settings.teams.length === 0 && <li className="py-2 text-sm text-slate-500">No teams yet.</li>}
      </ul>
      {canEdit && (
        <div className="mt-4 border-t border-slate-100 pt-4">
          <p className="mb-2 text-sm font-medium text-slate-700">New team</p>
          <TeamForm
            key={formKey}
            settings={settings}
            initial={{ name: "", strategy: "round_robin", calendarId: null, memberIds: [] }}
            submitLabel="Create team"
            pending={create.isPending}
            onSubmit={(draft) => create.mutate(draft, { onSuccess: () => setFormKey((k) => k + 1) })}
          />
        </div>
      )}
    </Section>
  );
}
