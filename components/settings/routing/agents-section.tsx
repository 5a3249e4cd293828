"use client";

import { useMutation } from "@tanstack/react-query";
import { useState } from "react";
import { useTRPC } from "@/components/providers/trpc";
import { input, quietButton, Section, splitList, useSaved, type Settings } from "./shared";

function AgentRow({ agent, canEdit }: { agent: Settings["agents"][number]; canEdit: boolean }) {
  const trpc = useTRPC();
  const { callbacks, banner } = useSaved();
  const save = useMutation(trpc.routing.updateAgentProfile.mutationOptions(callbacks(`Saved ${agent.name}`)));
  const [skills, setSkills] = useState(agent.skills.join(", "));
  const [capacity, setCapacity] = useState(String(agent.capacity));
  return (
    <li className="py-2" data-testid="agent-routing-row" data-email={agent.email}>
      {banner}
      <form
        className="flex flex-wrap items-center gap-2"
        onSubmit={(event) => {
          event.preventDefault();
          save.mutate({ userId: agent.userId, skills: splitList(skills), capacity: Number(capacity) });
        }}
      >
        <span className="w-40 truncate text-sm font-medium text-slate-900">{agent.name}</span>
        <span
          className={
            agent.availability === "online"
              ? "rounded bg-emerald-50 px-2 py-0.5 text-xs text-emerald-700"
              : "rounded bg-slate-100 px-2 py-0.5 text-xs text-slate-500"
          }
        >
          {agent.availability}
        </span>
        <input
          aria-label={`Skills of ${agent.name}`}
          className={`${input} flex-1`}
          value={skills}
          placeholder="skills, comma separated (billing, es, tier2)"
          disabled={!canEdit}
          onChange={(e) => setSkills(e.target.value)}
        />
        <input
          aria-label={`Capacity of ${agent.name}`}
          className={`${input} w-20`}
          type="number"
          min={0}
          max={100}
          value={capacity}
          disabled={!canEdit}
          onChange={(e) => setCapacity(e.target.value)}
        />
        {canEdit && (
          <button type="submit" className={quietButton} disabled={save.isPending}>
            Save
          </button>
        )}
      </form>
    </li>
  );
}

export function AgentsSection({ settings, canEdit }: { settings: Settings; canEdit: boolean }) {
  return (
    <Section
      title="Agents"
      hint="Skills a rule can require, and how many open conversations each agent handles at once."
    >
      <ul className="divide-y divide-slate-100">
        {settings.agents.map((agent) => (
          <AgentRow key={`${agent.userId}:${agent.skills.join()}:${agent.capacity}`} agent={agent} canEdit={canEdit} />
        ))}
      </ul>
    </Section>
  );
}
