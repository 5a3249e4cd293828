import { boolean, index, integer, jsonb, pgEnum, pgTable, text, uniqueIndex } from "drizzle-orm/pg-core";
import type { OpeningHours } from "../../server/routing/business-hours";
import type { AgentChoice } from "../../server/routing/candidates";
import type { RoutingOutcome, RoutingRule, RuleTrace } from "../../server/routing/rules";
import { at, primaryId, timestamps, workspaceId } from "./columns";
import { conversationPriority, conversations } from "./conversations";
import { teams, users } from "./workspaces";

export const assignmentStrategy = pgEnum("assignment_strategy", ["round_robin", "least_busy", "manual"]);

export const agentAvailability = pgEnum("agent_availability", ["online", "away", "offline"]);

/** When a team works: weekly opening hours in a time zone, and holidays. */
export const businessCalendars = pgTable(
  "business_calendars",
  {
    id: primaryId("calendar"),
    workspaceId: workspaceId(),
    name: text("name").notNull(),
    timeZone: text("time_zone").notNull(),
    weekly: jsonb("weekly").$type<OpeningHours[]>().notNull(),
    holidays: jsonb("holidays").$type<string[]>().notNull().default([]),
    ...timestamps,
  },
  (t) => [uniqueIndex("business_calendars_workspace_name_unique").on(t.workspaceId, t.name)],
);

/** How a team hands out its conversations, and when it works. */
export const teamRouting = pgTable("team_routing", {
  teamId: text("team_id")
    .primaryKey()
    .references(() => teams.id, { onDelete: "cascade" }),
  workspaceId: workspaceId(),
  strategy: assignmentStrategy("strategy").notNull().default("round_robin"),
  calendarId: text("calendar_id").references(() => businessCalendars.id, { onDelete: "set null" }),
  ...timestamps,
});

export const teamMembers = pgTable(
  "team_members",
  {
    workspaceId: workspaceId(),
    teamId: text("team_id")
      .notNull()
      .references(() => teams.id, { onDelete: "cascade" }),
    userId: text("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    createdAt: at("created_at").notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex("team_members_team_user_unique").on(t.teamId, t.userId),
    index("team_members_workspace_user_idx").on(t.workspaceId, t.userId),
  ],
);

/**
 * An agent as routing sees them. The row is locked while a conversation is given to the agent,
 * so two nodes never push them past their capacity.
 */
export const agentRoutingProfiles = pgTable(
  "agent_routing_profiles",
  {
    workspaceId: workspaceId(),
    userId: text("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    availability: agentAvailability("availability").notNull().default("offline"),
    /** When the agent last went offline: their conversations are requeued after a grace period. */
    offlineSince: at("offline_since"),
    skills: jsonb("skills").$type<string[]>().notNull().default([]),
    capacity: integer("capacity").notNull().default(5),
    lastAssignedAt: at("last_assigned_at"),
    ...timestamps,
  },
  (t) => [uniqueIndex("agent_routing_profiles_workspace_user_unique").on(t.workspaceId, t.userId)],
);

/**
 * Versions of a workspace's ordered rule list. The newest published one routes; an unpublished
 * one is a draft that can be tested and replayed against past conversations first.
 */
export const routingRuleSets = pgTable(
  "routing_rule_sets",
  {
    id: primaryId("ruleSet"),
    workspaceId: workspaceId(),
    rules: jsonb("rules").$type<RoutingRule[]>().notNull(),
    publishedAt: at("published_at"),
    createdByUserId: text("created_by_user_id").references(() => users.id, { onDelete: "set null" }),
    ...timestamps,
  },
  (t) => [index("routing_rule_sets_workspace_published_idx").on(t.workspaceId, t.publishedAt.desc())],
);

/** Targets per priority, counted in business minutes of `calendarId` (always open when null). */
export const slaPolicies = pgTable(
  "sla_policies",
  {
    id: primaryId("slaPolicy"),
    workspaceId: workspaceId(),
    priority: conversationPriority("priority").notNull(),
    firstResponseMinutes: integer("first_response_minutes"),
    nextResponseMinutes: integer("next_response_minutes"),
    resolutionMinutes: integer("resolution_minutes"),
    warnBeforeMinutes: integer("warn_before_minutes").notNull().default(15),
    calendarId: text("calendar_id").references(() => businessCalendars.id, { onDelete: "set null" }),
    /** On breach: raise priority, notify supervisors, reassign. */
    escalation: jsonb("escalation")
      .$type<{ raisePriority: boolean; notifySupervisors: boolean; reassign: boolean }>()
      .notNull()
      .default({ raisePriority: false, notifySupervisors: true, reassign: false }),
    enabled: boolean("enabled").notNull().default(true),
    ...timestamps,
  },
  (t) => [uniqueIndex("sla_policies_workspace_priority_unique").on(t.workspaceId, t.priority)],
);

/** Why a conversation went where it went: rules matched, agents considered, the choice. */
export const routingDecisions = pgTable(
  "routing_decisions",
  {
    id: primaryId("routingDecision"),
    workspaceId: workspaceId(),
    conversationId: text("conversation_id")
      .notNull()
      .references(() => conversations.id, { onDelete: "cascade" }),
    /** `new_conversation`, `reopened`, `offer`, `reclaim`, `offline_requeue`, `claim`, `transfer`. */
    trigger: text("trigger").notNull(),
    ruleSetId: text("rule_set_id"),
    matchedRules: jsonb("matched_rules").$type<{ ruleId: string; name: string }[]>().notNull().default([]),
    trace: jsonb("trace").$type<RuleTrace[]>().notNull().default([]),
    outcome: jsonb("outcome").$type<RoutingOutcome | null>(),
    verdicts: jsonb("verdicts").$type<AgentChoice["verdicts"]>().notNull().default([]),
    teamId: text("team_id"),
    chosenUserId: text("chosen_user_id"),
    summary: text("summary").notNull(),
    createdAt: at("created_at").notNull().defaultNow(),
  },
  (t) => [index("routing_decisions_conversation_idx").on(t.workspaceId, t.conversationId, t.createdAt.desc())],
);
