import { z } from "zod";
import { isValidTimeZone } from "@/server/routing/business-hours";
import { MAX_PATTERN_LENGTH, patternProblem } from "@/server/routing/rules";

const Id = z.string().min(1).max(64);
const Name = z.string().trim().min(1, "Give it a name").max(80, "Names are at most 80 characters");
const Skill = z
  .string()
  .trim()
  .min(1)
  .max(40, "Skills are at most 40 characters")
  .transform((skill) => skill.toLowerCase());
const Label = z.string().trim().min(1).max(40, "Labels are at most 40 characters");
const Priority = z.enum(["urgent", "high", "normal", "low"]);
const Clock = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$|^24:00$/, "Times are HH:MM, 00:00–24:00");

export const Availability = z.strictObject({ availability: z.enum(["online", "away", "offline"]) });

export const RuleCondition = z.discriminatedUnion("type", [
  z.strictObject({ type: z.literal("inbox"), inboxIds: z.array(Id).min(1).max(50) }),
  z.strictObject({ type: z.literal("channel"), channels: z.array(z.string().min(1).max(40)).min(1).max(10) }),
  z.strictObject({
    type: z.literal("contact_attribute"),
    key: z.string().trim().min(1).max(60),
    op: z.enum(["equals", "not_equals", "exists"]),
    value: z.string().max(200).optional(),
  }),
  z.strictObject({
    type: z.literal("text_contains"),
    keywords: z.array(z.string().trim().min(1).max(80)).min(1, "Add at least one keyword").max(50),
  }),
  z.strictObject({
    type: z.literal("text_matches"),
    pattern: z
      .string()
      .min(1)
      .max(MAX_PATTERN_LENGTH, `Patterns are at most ${MAX_PATTERN_LENGTH} characters`)
      .superRefine((pattern, ctx) => {
        const problem = patternProblem(pattern);
        if (problem) ctx.addIssue({ code: "custom", message: problem });
      }),
  }),
  z.strictObject({ type: z.literal("language"), languages: z.array(z.string().min(2).max(10)).min(1).max(20) }),
  z.strictObject({ type: z.literal("business_hours"), when: z.enum(["inside", "outside"]) }),
]);

export const RuleAction = z.discriminatedUnion("type", [
  z.strictObject({ type: z.literal("set_priority"), priority: Priority }),
  z.strictObject({ type: z.literal("set_team"), teamId: Id }),
  z.strictObject({ type: z.literal("require_skills"), skills: z.array(Skill).min(1).max(10) }),
  z.strictObject({ type: z.literal("add_labels"), labels: z.array(Label).min(1).max(10) }),
  z.strictObject({ type: z.literal("auto_reply"), body: z.string().trim().min(1).max(2000) }),
  z.strictObject({ type: z.literal("stop") }),
]);

export const RoutingRuleInput = z.strictObject({
  id: z.string().min(1).max(64),
  name: Name,
  enabled: z.boolean(),
  conditions: z.array(RuleCondition).max(10, "At most 10 conditions per rule"),
  actions: z.array(RuleAction).min(1, "A rule needs at least one action").max(10),
});

export const SaveDraftInput = z.strictObject({ rules: z.array(RoutingRuleInput).max(100, "At most 100 rules") });
export type SaveDraftInput = z.infer<typeof SaveDraftInput>;

export const TestRulesInput = z.strictObject({
  /** The draft to test; the published rules when absent. */
  rules: z.array(RoutingRuleInput).max(100).optional(),
  inboxId: Id,
  text: z.string().max(10_000),
  contactAttributes: z.record(z.string().max(60), z.string().max(200)).default({}),
  language: z.string().max(10).nullable().default(null),
  at: z.coerce.date().optional(),
});
export type TestRulesInput = z.infer<typeof TestRulesInput>;

export const ReplayInput = z.strictObject({
  rules: z.array(RoutingRuleInput).max(100),
  days: z.number().int().min(1).max(90).default(7),
  limit: z.number().int().min(1).max(500).default(200),
});
export type ReplayInput = z.infer<typeof ReplayInput>;

export const TeamInput = z.strictObject({
  name: Name,
  strategy: z.enum(["round_robin", "least_busy", "manual"]),
  calendarId: Id.nullable(),
  memberIds: z.array(Id).max(500),
});
export const UpdateTeamInput = TeamInput.extend({ teamId: Id });
export type TeamInput = z.infer<typeof TeamInput>;
export type UpdateTeamInput = z.infer<typeof UpdateTeamInput>;

export const AgentProfileInput = z.strictObject({
  userId: Id,
  skills: z.array(Skill).max(30, "At most 30 skills"),
  capacity: z.number().int().min(0, "Capacity cannot be negative").max(100, "Capacity is at most 100"),
});
export type AgentProfileInput = z.infer<typeof AgentProfileInput>;

export const CalendarInput = z.strictObject({
  calendarId: Id.optional(),
  name: Name,
  timeZone: z.string().max(64).refine(isValidTimeZone, "Unknown time zone (use an IANA name like Europe/Lisbon)"),
  weekly: z
    .array(
      z
        .strictObject({ day: z.number().int().min(1).max(7), open: Clock, close: Clock })
        .refine((hours) => hours.open < hours.close, "Opening time must be before closing time"),
    )
    .max(21),
  holidays: z.array(z.iso.date("Holidays are dates like 2026-12-25")).max(366),
});
export type CalendarInput = z.infer<typeof CalendarInput>;

export const SlaPolicyInput = z.strictObject({
  priority: Priority,
  firstResponseMinutes: z.number().int().min(1).max(100_000).nullable(),
  nextResponseMinutes: z.number().int().min(1).max(100_000).nullable(),
  resolutionMinutes: z.number().int().min(1).max(1_000_000).nullable(),
  warnBeforeMinutes: z.number().int().min(0).max(10_000),
  calendarId: Id.nullable(),
  escalation: z.strictObject({ raisePriority: z.boolean(), notifySupervisors: z.boolean(), reassign: z.boolean() }),
  enabled: z.boolean(),
});
export type SlaPolicyInput = z.infer<typeof SlaPolicyInput>;

export const InboxTeamInput = z.strictObject({ inboxId: Id, teamId: Id.nullable() });
export type InboxTeamInput = z.infer<typeof InboxTeamInput>;

export const ReportInput = z
  .strictObject({ from: z.coerce.date(), to: z.coerce.date() })
  .refine((range) => range.from < range.to, "The period must end after it starts")
  .refine((range) => range.to.getTime() - range.from.getTime() <= 366 * 86_400_000, "Reports cover at most a year");
export type ReportInput = z.infer<typeof ReportInput>;

export const TransferInput = z.strictObject({
  conversationId: Id,
  to: z.discriminatedUnion(
    "kind",
    [z.strictObject({ kind: z.literal("agent"), userId: Id }), z.strictObject({ kind: z.literal("team"), teamId: Id })],
    { error: "Transfer to an agent or a team" },
  ),
});
export type TransferInput = z.infer<typeof TransferInput>;
