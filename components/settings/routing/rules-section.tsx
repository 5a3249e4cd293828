"use client";

import { useMutation, useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { useTRPC } from "@/components/providers/trpc";
import type { RoutingRule } from "@/server/routing/rules";
import { RuleEditor } from "./rule-editor";
import { input, primaryButton, quietButton, Section, useSaved, type Settings } from "./shared";

/** JSON with sorted keys: the database's jsonb hands keys back in its own order. */
function canonical(value: unknown): string {
  return JSON.stringify(value, (_key, item: unknown) =>
    item && typeof item === "object" && !Array.isArray(item)
      ? Object.fromEntries(Object.entries(item).sort(([a], [b]) => a.localeCompare(b)))
      : item,
  );
}

const newRule = (): RoutingRule => ({
  id: `rule_${Math.random().toString(36).slice(2, 10)}`,
  name: "New rule",
  enabled: true,
  conditions: [{ type: "text_contains", keywords: [] }],
  actions: [{ type: "set_priority", priority: "high" }],
});

function parseAttributes(text: string): Record<string, string> {
  return Object.fromEntries(
    text
      .split(/[\n,]/)
      .map((pair) => pair.split("=").map((part) => part.trim()))
      .filter((pair): pair is [string, string] => pair.length === 2 && !!pair[0]),
  );
}

function Tester({ settings, rules }: { settings: Settings; rules: RoutingRule[] }) {
  const trpc = useTRPC();
  const [text, setText] = useState("");
  const [inboxId, setInboxId] = useState(settings.inboxes[0]?.id ?? "");
  const [attributes, setAttributes] = useState("");
  const [language, setLanguage] = useState("");
  const [asked, setAsked] = useState<null | { text: string; inboxId: string; attributes: string; language: string }>(
    null,
  );
  const result = useQuery({
    ...trpc.routing.testRules.queryOptions({
      rules,
      inboxId: asked?.inboxId ?? inboxId,
      text: asked?.text ?? "",
      contactAttributes: parseAttributes(asked?.attributes ?? ""),
      language: asked?.language || null,
    }),
    enabled: asked !== null && !!(asked.inboxId || inboxId),
  });
  return (
    <div className="mt-4 rounded-lg bg-slate-50 p-3" aria-label="Rule tester">
      <p className="text-sm font-medium text-slate-700">Test the draft with a sample message</p>
      <form
        className="mt-2 flex flex-wrap gap-2"
        onSubmit={(event) => {
          event.preventDefault();
          setAsked({ text, inboxId, attributes, language });
        }}
      >
        <input
          aria-label="Sample message"
          className={`${input} min-w-64 flex-1`}
          placeholder="I want a refund for order 12345"
          value={text}
          onChange={(e) => setText(e.target.value)}
        />
        <select
          aria-label="Sample inbox"
          className={input}
          value={inboxId}
          onChange={(e) => setInboxId(e.target.value)}
        >
          {settings.inboxes.map((inbox) => (
            <option key={inbox.id} value={inbox.id}>
              {inbox.name}
            </option>
          ))}
        </select>
        <input
          aria-label="Contact attributes"
          className={`${input} w-40`}
          placeholder="plan=enterprise"
          value={attributes}
          onChange={(e) => setAttributes(e.target.value)}
        />
        <input
          aria-label="Language"
          className={`${input} w-20`}
          placeholder="en"
          value={language}
          onChange={(e) => setLanguage(e.target.value)}
        />
        <button type="submit" className={quietButton}>
          Test
        </button>
      </form>
      {result.error && <p className="mt-2 text-sm text-red-700">{result.error.message}</p>}
      {result.data && (
        <div className="mt-3 space-y-1 text-sm" data-testid="tester-result">
          <p>
            <span className="font-medium">Matches:</span>{" "}
            {result.data.matched.length ? result.data.matched.map((r) => r.name).join(", ") : "no rule"}
          </p>
          <p>
            <span className="font-medium">Would:</span> priority {result.data.outcome.priority ?? "unchanged"}, team{" "}
            {result.data.team?.name ?? "none"}
            {result.data.outcome.skills.length ? `, skills ${result.data.outcome.skills.join(", ")}` : ""}
            {result.data.outcome.labels.length ? `, labels ${result.data.outcome.labels.join(", ")}` : ""}
            {result.data.outcome.autoReplies.length ? `, reply “${result.data.outcome.autoReplies.join(" / ")}”` : ""}
          </p>
          {result.data.assignment && (
            <p>
              <span className="font-medium">Now:</span> {result.data.assignment.summary}
            </p>
          )}
          <ul className="mt-1 text-xs text-slate-500">
            {result.data.trace.map((entry) => (
              <li key={entry.ruleId}>
                {entry.matched ? "✓" : "·"} {entry.name}: {entry.reasons.join("; ") || "no conditions"}
              </li>
            ))}
          </ul>
        </div>
      )}
    </div>
  );
}

function Replay({ rules }: { rules: RoutingRule[] }) {
  const trpc = useTRPC();
  const replay = useMutation(trpc.routing.replay.mutationOptions());
  return (
    <div className="mt-4 rounded-lg bg-slate-50 p-3">
      <div className="flex items-center gap-2">
        <p className="flex-1 text-sm font-medium text-slate-700">Replay the last 7 days against the draft</p>
        <button type="button" className={quietButton} onClick={() => replay.mutate({ rules, days: 7, limit: 200 })}>
          Replay
        </button>
      </div>
      {replay.error && <p className="mt-2 text-sm text-red-700">{replay.error.message}</p>}
      {replay.data && (
        <div className="mt-2 text-sm" data-testid="replay-result">
          <p>
            {replay.data.changed} of {replay.data.replayed} conversations would be routed differently.
          </p>
          <ul className="mt-1 space-y-1 text-xs text-slate-600">
            {replay.data.differences.slice(0, 20).map((d) => (
              <li key={d.conversationId}>
                “{d.preview}” — now {d.published.rules.join(", ") || "no rule"} → draft{" "}
                {d.draft.rules.join(", ") || "no rule"}
                {d.draft.outcome.priority ? ` (priority ${d.draft.outcome.priority})` : ""}
              </li>
            ))}
          </ul>
        </div>
      )}
    </div>
  );
}

export function RulesSection({ settings, canEdit }: { settings: Settings; canEdit: boolean }) {
  const trpc = useTRPC();
  const { callbacks, banner } = useSaved();
  const [rules, setRules] = useState<RoutingRule[]>(settings.draft?.rules ?? settings.publishedRules);
  const saveDraft = useMutation(trpc.routing.saveDraft.mutationOptions(callbacks("Draft saved")));
  const publish = useMutation(
    trpc.routing.publish.mutationOptions(callbacks("Rules published: new conversations use them now")),
  );
  const dirty = canonical(rules) !== canonical(settings.draft?.rules ?? settings.publishedRules);
  const move = (index: number, delta: -1 | 1) =>
    setRules((all) => {
      const target = index + delta;
      if (target < 0 || target >= all.length) return all;
      const next = [...all];
      [next[index], next[target]] = [next[target]!, next[index]!];
      return next;
    });
  return (
    <Section
      title="Routing rules"
      hint="Evaluated top to bottom on every new conversation. A draft changes nothing until it is published."
    >
      {banner}
      <p className="mb-2 text-xs text-slate-500">
        {settings.draft ? "Editing the draft" : "Editing a copy of the published rules"} ·{" "}
        {settings.publishedRules.length} rules published
      </p>
      <div className="space-y-3">
        {rules.map((rule, i) => (
          <RuleEditor
            key={rule.id}
            rule={rule}
            settings={settings}
            onChange={(next) => setRules((all) => all.map((r, j) => (j === i ? next : r)))}
            onMove={(delta) => move(i, delta)}
            onRemove={() => setRules((all) => all.filter((_, j) => j !== i))}
          />
        ))}
      </div>
      {canEdit && (
        <div className="mt-3 flex flex-wrap gap-2">
          <button type="button" className={quietButton} onClick={() => setRules((all) => [...all, newRule()])}>
            Add rule
          </button>
          <button
            type="button"
            className={primaryButton}
            disabled={saveDraft.isPending}
            onClick={() => saveDraft.mutate({ rules })}
          >
            Save draft
          </button>
          <button
            type="button"
            className={primaryButton}
            disabled={publish.isPending || dirty || !settings.draft}
            title={dirty ? "Save the draft first" : undefined}
            onClick={() => publish.mutate({})}
          >
            Publish
          </button>
        </div>
      )}
      <Tester settings={settings} rules={rules} />
      <Replay rules={rules} />
    </Section>
  );
}
