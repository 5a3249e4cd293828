"use client";

import type { RoutingRule, RuleAction, RuleCondition } from "@/server/routing/rules";
import { input, PRIORITIES, quietButton, splitList, type Settings } from "./shared";

const CONDITIONS: { type: RuleCondition["type"]; label: string; make: () => RuleCondition }[] = [
  { type: "text_contains", label: "Message contains", make: () => ({ type: "text_contains", keywords: [] }) },
  { type: "text_matches", label: "Message matches pattern", make: () => ({ type: "text_matches", pattern: "" }) },
  { type: "inbox", label: "Inbox is", make: () => ({ type: "inbox", inboxIds: [] }) },
  { type: "channel", label: "Channel is", make: () => ({ type: "channel", channels: [] }) },
  {
    type: "contact_attribute",
    label: "Contact attribute",
    make: () => ({ type: "contact_attribute", key: "", op: "equals", value: "" }),
  },
  { type: "language", label: "Language is", make: () => ({ type: "language", languages: [] }) },
  { type: "business_hours", label: "Business hours", make: () => ({ type: "business_hours", when: "outside" }) },
];

const ACTIONS: { type: RuleAction["type"]; label: string; make: (s: Settings) => RuleAction }[] = [
  { type: "set_priority", label: "Set priority", make: () => ({ type: "set_priority", priority: "high" }) },
  { type: "set_team", label: "Send to team", make: (s) => ({ type: "set_team", teamId: s.teams[0]?.id ?? "" }) },
  { type: "require_skills", label: "Require skills", make: () => ({ type: "require_skills", skills: [] }) },
  { type: "add_labels", label: "Add labels", make: () => ({ type: "add_labels", labels: [] }) },
  { type: "auto_reply", label: "Auto-reply", make: () => ({ type: "auto_reply", body: "" }) },
  { type: "stop", label: "Stop evaluating", make: () => ({ type: "stop" }) },
];

function ConditionFields({
  condition,
  settings,
  onChange,
}: {
  condition: RuleCondition;
  settings: Settings;
  onChange: (c: RuleCondition) => void;
}) {
  switch (condition.type) {
    case "text_contains":
      return (
        <input
          aria-label="Keywords"
          className={`${input} flex-1`}
          placeholder="refund, money back"
          defaultValue={condition.keywords.join(", ")}
          onBlur={(e) => onChange({ ...condition, keywords: splitList(e.target.value) })}
        />
      );
    case "text_matches":
      return (
        <input
          aria-label="Pattern"
          className={`${input} flex-1 font-mono`}
          placeholder="order #\d{5}"
          value={condition.pattern}
          onChange={(e) => onChange({ ...condition, pattern: e.target.value })}
        />
      );
    case "inbox":
      return (
        <select
          aria-label="Inbox"
          className={input}
          value={condition.inboxIds[0] ?? ""}
          onChange={(e) => onChange({ ...condition, inboxIds: e.target.value ? [e.target.value] : [] })}
        >
          <option value="">Choose…</option>
          {settings.inboxes.map((inbox) => (
            <option key={inbox.id} value={inbox.id}>
              {inbox.name}
            </option>
          ))}
        </select>
      );
    case "channel":
      return (
        <input
          aria-label="Channels"
          className={`${input} flex-1`}
          placeholder="web_widget, api"
          defaultValue={condition.channels.join(", ")}
          onBlur={(e) => onChange({ ...condition, channels: splitList(e.target.value) })}
        />
      );
    case "contact_attribute":
      return (
        <>
          <input
            aria-label="Attribute"
            className={`${input} w-28`}
            placeholder="plan"
            value={condition.key}
            onChange={(e) => onChange({ ...condition, key: e.target.value })}
          />
          <select
            aria-label="Comparison"
            className={input}
            value={condition.op}
            onChange={(e) => onChange({ ...condition, op: e.target.value as typeof condition.op })}
          >
            <option value="equals">equals</option>
            <option value="not_equals">is not</option>
            <option value="exists">is set</option>
          </select>
          {condition.op !== "exists" && (
            <input
              aria-label="Value"
              className={`${input} w-28`}
              value={condition.value ?? ""}
              onChange={(e) => onChange({ ...condition, value: e.target.value })}
            />
          )}
        </>
      );
    case "language":
      return (
        <input
          aria-label="Languages"
          className={`${input} flex-1`}
          placeholder="es, pt"
          defaultValue={condition.languages.join(", ")}
          onBlur={(e) => onChange({ ...condition, languages: splitList(e.target.value) })}
        />
      );
    case "business_hours":
      return (
        <select
          aria-label="When"
          className={input}
          value={condition.when}
          onChange={(e) => onChange({ ...condition, when: e.target.value as "inside" | "outside" })}
        >
          <option value="inside">inside business hours</option>
          <option value="outside">outside business hours</option>
        </select>
      );
  }
}

function ActionFields({
  action,
  settings,
  onChange,
}: {
  action: RuleAction;
  settings: Settings;
  onChange: (a: RuleAction) => void;
}) {
  switch (action.type) {
    case "set_priority":
      return (
        <select
          aria-label="Priority"
          className={input}
          value={action.priority}
          onChange={(e) => onChange({ ...action, priority: e.target.value as typeof action.priority })}
        >
          {PRIORITIES.map((p) => (
            <option key={p} value={p}>
              {p}
            </option>
          ))}
        </select>
      );
    case "set_team":
      return (
        <select
          aria-label="Team"
          className={input}
          value={action.teamId}
          onChange={(e) => onChange({ ...action, teamId: e.target.value })}
        >
          {settings.teams.map((team) => (
            <option key={team.id} value={team.id}>
              {team.name}
            </option>
          ))}
        </select>
      );
    case "require_skills":
      return (
        <input
          aria-label="Skills"
          className={`${input} flex-1`}
          placeholder="billing"
          defaultValue={action.skills.join(", ")}
          onBlur={(e) => onChange({ ...action, skills: splitList(e.target.value) })}
        />
      );
    case "add_labels":
      return (
        <input
          aria-label="Labels"
          className={`${input} flex-1`}
          placeholder="vip"
          defaultValue={action.labels.join(", ")}
          onBlur={(e) => onChange({ ...action, labels: splitList(e.target.value) })}
        />
      );
    case "auto_reply":
      return (
        <input
          aria-label="Reply"
          className={`${input} flex-1`}
          placeholder="Thanks! We'll be right with you."
          value={action.body}
          onChange={(e) => onChange({ ...action, body: e.target.value })}
        />
      );
    case "stop":
      return null;
  }
}

function replaceAt<T>(items: T[], index: number, item: T): T[] {
  return items.map((existing, i) => (i === index ? item : existing));
}

export function RuleEditor({
  rule,
  settings,
  onChange,
  onMove,
  onRemove,
}: {
  rule: RoutingRule;
  settings: Settings;
  onChange: (rule: RoutingRule) => void;
  onMove: (delta: -1 | 1) => void;
  onRemove: () => void;
}) {
  return (
    <div className="rounded-lg border border-slate-200 p-3" data-testid="rule-editor">
      <div className="flex items-center gap-2">
        <input
          aria-label="Rule name"
          className={`${input} flex-1 font-medium`}
          value={rule.name}
          onChange={(e) => onChange({ ...rule, name: e.target.value })}
        />
        <label className="flex items-center gap-1 text-xs text-slate-600">
          <input
            type="checkbox"
            checked={rule.enabled}
            onChange={(e) => onChange({ ...rule, enabled: e.target.checked })}
          />
          enabled
        </label>
        <button type="button" className={quietButton} aria-label="Move up" onClick={() => onMove(-1)}>
          ↑
        </button>
        <button type="button" className={quietButton} aria-label="Move down" onClick={() => onMove(1)}>
          ↓
        </button>
        <button type="button" className="rounded-lg px-2 py-1 text-sm text-red-600 hover:bg-red-50" onClick={onRemove}>
          Delete
        </button>
      </div>
      <p className="mt-2 text-xs font-medium uppercase tracking-wide text-slate-500">When all of</p>
      {rule.conditions.map((condition, i) => (
        <div key={i} className="mt-1 flex flex-wrap items-center gap-2">
          <span className="w-44 text-sm text-slate-700">
            {CONDITIONS.find((c) => c.type === condition.type)?.label}
          </span>
          <ConditionFields
            condition={condition}
            settings={settings}
            onChange={(next) => onChange({ ...rule, conditions: replaceAt(rule.conditions, i, next) })}
          />
          <button
            type="button"
            className={quietButton}
            aria-label="Remove condition"
            onClick={() => onChange({ ...rule, conditions: rule.conditions.filter((_, j) => j !== i) })}
          >
            ×
          </button>
        </div>
      ))}
      <select
        aria-label="Add condition"
        className={`${input} mt-1`}
        value=""
        onChange={(e) => {
          const kind = CONDITIONS.find((c) => c.type === e.target.value);
          if (kind) onChange({ ...rule, conditions: [...rule.conditions, kind.make()] });
        }}
      >
        <option value="">+ condition</option>
        {CONDITIONS.map((c) => (
          <option key={c.type} value={c.type}>
            {c.label}
          </option>
        ))}
      </select>
      <p className="mt-3 text-xs font-medium uppercase tracking-wide text-slate-500">Then</p>
      {rule.actions.map((action, i) => (
        <div key={i} className="mt-1 flex flex-wrap items-center gap-2">
          <span className="w-44 text-sm text-slate-700">{ACTIONS.find((a) => a.type === action.type)?.label}</span>
          <ActionFields
            action={action}
            settings={settings}
            onChange={(next) => onChange({ ...rule, actions: replaceAt(rule.actions, i, next) })}
          />
          <button
            type="button"
            className={quietButton}
            aria-label="Remove action"
            onClick={() => onChange({ ...rule, actions: rule.actions.filter((_, j) => j !== i) })}
          >
            ×
          </button>
        </div>
      ))}
      <select
        aria-label="Add action"
        className={`${input} mt-1`}
        value=""
        onChange={(e) => {
          const kind = ACTIONS.find((a) => a.type === e.target.value);
          if (kind) onChange({ ...rule, actions: [...rule.actions, kind.make(settings)] });
        }}
      >
        <option value="">+ action</option>
        {ACTIONS.map((a) => (
          <option key={a.type} value={a.type}>
            {a.label}
          </option>
        ))}
      </select>
    </div>
  );
}
