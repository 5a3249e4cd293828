import { RE2JS } from "re2js";

/**
 * Routing rules: an ordered list evaluated top to bottom. Every condition of a rule must hold for
 * it to match; a matching rule's actions apply in order, later rules may override earlier ones
 * (priority, team) or add to them (skills, labels, replies), and `stop` ends the evaluation.
 * Pure: the caller gathers the facts; nothing here reads a clock or a database.
 */
export type RuleCondition =
  | { type: "inbox"; inboxIds: string[] }
  | { type: "channel"; channels: string[] }
  | { type: "contact_attribute"; key: string; op: "equals" | "not_equals" | "exists"; value?: string }
  | { type: "text_contains"; keywords: string[] }
  | { type: "text_matches"; pattern: string }
  | { type: "language"; languages: string[] }
  | { type: "business_hours"; when: "inside" | "outside" };

export type RulePriority = "urgent" | "high" | "normal" | "low";

export type RuleAction =
  | { type: "set_priority"; priority: RulePriority }
  | { type: "set_team"; teamId: string }
  | { type: "require_skills"; skills: string[] }
  | { type: "add_labels"; labels: string[] }
  | { type: "auto_reply"; body: string }
  | { type: "stop" };

export type RoutingRule = {
  id: string;
  name: string;
  enabled: boolean;
  conditions: RuleCondition[];
  actions: RuleAction[];
};

/** What is known about a conversation when it is routed. */
export type RoutingFacts = {
  inboxId: string;
  channel: string;
  contactAttributes: Record<string, unknown>;
  text: string;
  language: string | null;
  insideBusinessHours: boolean;
};

export type RoutingOutcome = {
  priority: RulePriority | null;
  teamId: string | null;
  skills: string[];
  labels: string[];
  autoReplies: string[];
};

export type RuleTrace = { ruleId: string; name: string; matched: boolean; reasons: string[] };

export type RuleEvaluation = {
  outcome: RoutingOutcome;
  /** Rules that matched, in order; their names explain the decision. */
  matched: { ruleId: string; name: string }[];
  /** Every rule considered, with why it did or did not match (what the rule tester shows). */
  trace: RuleTrace[];
  stoppedBy: string | null;
};

export const MAX_PATTERN_LENGTH = 500;

const compiled = new Map<string, RE2JS>();

/**
 * Regular expressions run on RE2's linear-time engine: no pattern, however hostile, can make
 * matching take longer than the text is long. Throws for a pattern RE2 does not accept.
 */
export function compilePattern(pattern: string): RE2JS {
  let regex = compiled.get(pattern);
  if (!regex) {
    if (pattern.length > MAX_PATTERN_LENGTH) throw new Error(`pattern longer than ${MAX_PATTERN_LENGTH} characters`);
    regex = RE2JS.compile(pattern, RE2JS.CASE_INSENSITIVE);
    if (compiled.size > 1_000) compiled.clear();
    compiled.set(pattern, regex);
  }
  return regex;
}

/** A human reason when a pattern cannot be used, else null. */
export function patternProblem(pattern: string): string | null {
  try {
    compilePattern(pattern);
    return null;
  } catch (error) {
    return error instanceof Error ? `Invalid pattern: ${error.message}` : "Invalid pattern";
  }
}

const normalize = (text: string) => text.normalize("NFKC").toLowerCase();

function keywordFound(text: string, keyword: string): boolean {
  const needle = normalize(keyword).trim();
  if (!needle) return false;
  // Whole words (or phrases): "refund" matches "Refund please" and "refunds?" but not "prefund".
  const escaped = needle.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  return compilePattern(`(?:^|[^\\p{L}\\p{N}])${escaped}`).matcher(normalize(text)).find();
}

function checkCondition(condition: RuleCondition, facts: RoutingFacts): { ok: boolean; reason: string } {
  switch (condition.type) {
    case "inbox": {
      const ok = condition.inboxIds.includes(facts.inboxId);
      return { ok, reason: ok ? "inbox matches" : "other inbox" };
    }
    case "channel": {
      const ok = condition.channels.includes(facts.channel);
      return { ok, reason: ok ? `channel ${facts.channel}` : `channel ${facts.channel} not listed` };
    }
    case "contact_attribute": {
      const value = facts.contactAttributes[condition.key];
      const present = value !== undefined && value !== null && value !== "";
      const text = present ? String(value) : "";
      const ok =
        condition.op === "exists"
          ? present
          : condition.op === "equals"
            ? present && normalize(text) === normalize(condition.value ?? "")
            : !present || normalize(text) !== normalize(condition.value ?? "");
      return { ok, reason: `${condition.key} is ${present ? `"${text}"` : "not set"}` };
    }
    case "text_contains": {
      const found = condition.keywords.find((keyword) => keywordFound(facts.text, keyword));
      return found ? { ok: true, reason: `text contains "${found}"` } : { ok: false, reason: "no keyword in text" };
    }
    case "text_matches": {
      let ok = false;
      try {
        ok = compilePattern(condition.pattern).matcher(facts.text).find();
      } catch {
        return { ok: false, reason: "pattern is invalid" };
      }
      return { ok, reason: ok ? "text matches pattern" : "text does not match pattern" };
    }
    case "language": {
      const language = facts.language ?? "unknown";
      const ok = condition.languages.includes(language);
      return { ok, reason: `language ${language}` };
    }
    case "business_hours": {
      const ok = (condition.when === "inside") === facts.insideBusinessHours;
      return { ok, reason: facts.insideBusinessHours ? "inside business hours" : "outside business hours" };
    }
  }
}

export function evaluateRules(rules: RoutingRule[], facts: RoutingFacts): RuleEvaluation {
  const outcome: RoutingOutcome = { priority: null, teamId: null, skills: [], labels: [], autoReplies: [] };
  const matched: RuleEvaluation["matched"] = [];
  const trace: RuleTrace[] = [];
  let stoppedBy: string | null = null;
  for (const rule of rules) {
    if (stoppedBy) {
      trace.push({
        ruleId: rule.id,
        name: rule.name,
        matched: false,
        reasons: ["not evaluated: an earlier rule stopped"],
      });
      continue;
    }
    if (!rule.enabled) {
      trace.push({ ruleId: rule.id, name: rule.name, matched: false, reasons: ["disabled"] });
      continue;
    }
    const checks = rule.conditions.map((condition) => checkCondition(condition, facts));
    const ok = checks.every((check) => check.ok);
    trace.push({ ruleId: rule.id, name: rule.name, matched: ok, reasons: checks.map((check) => check.reason) });
    if (!ok) continue;
    matched.push({ ruleId: rule.id, name: rule.name });
    for (const action of rule.actions) {
      switch (action.type) {
        case "set_priority":
          outcome.priority = action.priority;
          break;
        case "set_team":
          outcome.teamId = action.teamId;
          break;
        case "require_skills":
          outcome.skills = [...new Set([...outcome.skills, ...action.skills])];
          break;
        case "add_labels":
          outcome.labels = [...new Set([...outcome.labels, ...action.labels])];
          break;
        case "auto_reply":
          outcome.autoReplies.push(action.body);
          break;
        case "stop":
          stoppedBy = rule.id;
          break;
      }
      if (stoppedBy) break;
    }
  }
  return { outcome, matched, trace, stoppedBy };
}
