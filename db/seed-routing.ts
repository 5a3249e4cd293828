import { and, eq, inArray } from "drizzle-orm";
import type { Transaction } from "@/db";
import type { RoutingRule } from "@/server/routing/rules";
import {
  agentRoutingProfiles,
  businessCalendars,
  inboxes,
  memberships,
  routingRuleSets,
  slaPolicies,
  teamMembers,
  teamRouting,
  teams,
  users,
} from "./schema";

const SLA_MINUTES = {
  urgent: [15, 15, 4 * 60],
  high: [30, 30, 8 * 60],
  normal: [60, 60, 24 * 60],
  low: [4 * 60, 4 * 60, 48 * 60],
} as const;

/**
 * Routing for the demo workspace: Frontline (least busy, around the clock) and Billing (round
 * robin, office hours in Lisbon), skills and capacities, SLA targets per priority, and published
 * rules that send refunds to Billing as urgent and flag enterprise customers. Everyone starts
 * offline, so the demo's conversations wait in the queue until an agent goes online.
 */
export async function seedDemoRouting(tx: Transaction, workspaceId: string, frontlineTeamId: string): Promise<void> {
  const people = await tx
    .select({ id: users.id, email: users.email })
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .where(eq(memberships.workspaceId, workspaceId));
  const byEmail = (email: string) => people.find((person) => person.email === email)?.id;
  const [calendar] = await tx
    .insert(businessCalendars)
    .values({
      workspaceId,
      name: "Lisbon office hours",
      timeZone: "Europe/Lisbon",
      weekly: ([1, 2, 3, 4, 5] as const).map((day) => ({ day, open: "09:00", close: "18:00" })),
      holidays: ["2026-12-25", "2027-01-01"],
    })
    .returning();
  const [billing] = await tx.insert(teams).values({ workspaceId, name: "Billing" }).returning();
  if (!calendar || !billing) throw new Error("routing seed failed");
  await tx.insert(teamRouting).values([
    { teamId: frontlineTeamId, workspaceId, strategy: "least_busy", calendarId: null },
    { teamId: billing.id, workspaceId, strategy: "round_robin", calendarId: calendar.id },
  ]);
  const profiles: [string, string[], number][] = [
    ["agent@switchboard.local", ["general"], 5],
    ["sam@switchboard.local", ["billing", "es"], 4],
    ["jordan@switchboard.local", ["general", "tier2"], 5],
    ["priya@switchboard.local", ["billing", "tier2"], 3],
  ];
  for (const [email, skills, capacity] of profiles) {
    const userId = byEmail(email);
    if (userId) await tx.insert(agentRoutingProfiles).values({ workspaceId, userId, skills, capacity });
  }
  const members: [string, string][] = [
    [frontlineTeamId, "agent@switchboard.local"],
    [frontlineTeamId, "sam@switchboard.local"],
    [frontlineTeamId, "jordan@switchboard.local"],
    [billing.id, "sam@switchboard.local"],
    [billing.id, "priya@switchboard.local"],
  ];
  for (const [teamId, email] of members) {
    const userId = byEmail(email);
    if (userId) await tx.insert(teamMembers).values({ workspaceId, teamId, userId });
  }
  await tx
    .update(inboxes)
    .set({ defaultTeamId: frontlineTeamId })
    .where(and(eq(inboxes.workspaceId, workspaceId), inArray(inboxes.channelType, ["web_widget", "api"])));
  for (const [priority, [first, next, resolution]] of Object.entries(SLA_MINUTES)) {
    await tx.insert(slaPolicies).values({
      workspaceId,
      priority: priority as keyof typeof SLA_MINUTES,
      firstResponseMinutes: first,
      nextResponseMinutes: next,
      resolutionMinutes: resolution,
      warnBeforeMinutes: 10,
      escalation: { raisePriority: false, notifySupervisors: true, reassign: false },
    });
  }
  const rules: RoutingRule[] = [
    {
      id: "rule_refunds",
      name: "Refunds",
      enabled: true,
      conditions: [{ type: "text_contains", keywords: ["refund", "money back", "chargeback"] }],
      actions: [
        { type: "set_priority", priority: "urgent" },
        { type: "set_team", teamId: billing.id },
        { type: "require_skills", skills: ["billing"] },
      ],
    },
    {
      id: "rule_enterprise",
      name: "Enterprise customers",
      enabled: true,
      conditions: [{ type: "contact_attribute", key: "plan", op: "equals", value: "enterprise" }],
      actions: [
        { type: "set_priority", priority: "high" },
        { type: "add_labels", labels: ["vip"] },
      ],
    },
  ];
  await tx.insert(routingRuleSets).values({ workspaceId, rules, publishedAt: new Date() });
}
