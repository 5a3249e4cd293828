import { describe, expect, it } from "vitest";
import { evaluateRules, patternProblem, type RoutingFacts, type RoutingRule } from "@/server/routing/rules";

const facts = (over: Partial<RoutingFacts> = {}): RoutingFacts => ({
  inboxId: "inb_web",
  channel: "web_widget",
  contactAttributes: {},
  text: "Hello",
  language: "en",
  insideBusinessHours: true,
  ...over,
});

const rule = (over: Partial<RoutingRule> & Pick<RoutingRule, "conditions" | "actions">): RoutingRule => ({
  id: `rule_${Math.random().toString(36).slice(2, 8)}`,
  name: "Rule",
  enabled: true,
  ...over,
});

describe("evaluateRules", () => {
  const refunds = rule({
    id: "r_refunds",
    name: "Refunds",
    conditions: [{ type: "text_contains", keywords: ["refund", "money back"] }],
    actions: [
      { type: "set_priority", priority: "urgent" },
      { type: "set_team", teamId: "team_billing" },
      { type: "require_skills", skills: ["billing"] },
    ],
  });

  it("matches keywords as whole words, case-insensitively, and applies the actions", () => {
    const result = evaluateRules([refunds], facts({ text: "I want a REFUND now" }));
    expect(result.matched).toEqual([{ ruleId: "r_refunds", name: "Refunds" }]);
    expect(result.outcome).toMatchObject({ priority: "urgent", teamId: "team_billing", skills: ["billing"] });
    expect(result.trace[0]?.reasons).toEqual(['text contains "refund"']);
    expect(evaluateRules([refunds], facts({ text: "prefunded account" })).matched).toEqual([]);
    expect(evaluateRules([refunds], facts({ text: "I'd like my money back." })).matched).toHaveLength(1);
  });

  it("requires every condition, and later rules override the team while adding labels", () => {
    const vip = rule({
      name: "VIP",
      conditions: [
        { type: "contact_attribute", key: "plan", op: "equals", value: "Enterprise" },
        { type: "business_hours", when: "inside" },
      ],
      actions: [
        { type: "set_team", teamId: "team_vip" },
        { type: "add_labels", labels: ["vip"] },
      ],
    });
    const enterprise = facts({ text: "refund", contactAttributes: { plan: "enterprise" } });
    expect(evaluateRules([refunds, vip], enterprise).outcome).toMatchObject({ teamId: "team_vip", labels: ["vip"] });
    const night = { ...enterprise, insideBusinessHours: false };
    expect(evaluateRules([refunds, vip], night).outcome.teamId).toBe("team_billing");
  });

  it("stops at a stop action and says which rules were not evaluated", () => {
    const stopper = rule({ id: "r_stop", name: "Stop", conditions: [], actions: [{ type: "stop" }] });
    const result = evaluateRules([stopper, refunds], facts({ text: "refund" }));
    expect(result.stoppedBy).toBe("r_stop");
    expect(result.outcome.priority).toBeNull();
    expect(result.trace[1]).toMatchObject({ matched: false, reasons: ["not evaluated: an earlier rule stopped"] });
  });

  it("skips disabled rules and matches inbox, channel and language", () => {
    const disabled = { ...refunds, enabled: false };
    expect(evaluateRules([disabled], facts({ text: "refund" })).matched).toEqual([]);
    const spanishApi = rule({
      conditions: [
        { type: "channel", channels: ["api"] },
        { type: "language", languages: ["es"] },
        { type: "inbox", inboxIds: ["inb_app"] },
      ],
      actions: [{ type: "auto_reply", body: "¡Hola!" }],
    });
    expect(
      evaluateRules([spanishApi], facts({ channel: "api", language: "es", inboxId: "inb_app" })).outcome.autoReplies,
    ).toEqual(["¡Hola!"]);
    expect(evaluateRules([spanishApi], facts({ channel: "api", language: "en", inboxId: "inb_app" })).matched).toEqual(
      [],
    );
  });

  it("runs a catastrophic-backtracking pattern on hostile text in linear time", () => {
    const hostile = rule({ conditions: [{ type: "text_matches", pattern: "^(a+)+$" }], actions: [] });
    const text = `${"a".repeat(100_000)}!`;
    const started = performance.now();
    const result = evaluateRules([hostile], facts({ text }));
    // A backtracking engine would not return within the test's lifetime; RE2 takes milliseconds.
    expect(performance.now() - started).toBeLessThan(5_000);
    expect(result.matched).toEqual([]);
    expect(evaluateRules([hostile], facts({ text: "aaaa" })).matched).toHaveLength(1);
  });

  it("explains patterns it cannot use instead of throwing", () => {
    expect(patternProblem("(unclosed")).toMatch(/Invalid pattern/);
    expect(patternProblem("(a)\\1")).toMatch(/Invalid pattern/); // back-references are not linear
    expect(patternProblem("x".repeat(501))).toMatch(/longer than 500/);
    expect(patternProblem("order #\\d{5}")).toBeNull();
    const broken = rule({ conditions: [{ type: "text_matches", pattern: "(" }], actions: [] });
    expect(evaluateRules([broken], facts()).trace[0]?.reasons).toEqual(["pattern is invalid"]);
  });
});
