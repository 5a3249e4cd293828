import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database, DatabaseHandle } from "@/db";
import { runTransaction } from "@/db/run-transaction";
import {
  businessCalendars,
  routingRuleSets,
  slaPolicies,
  teamMembers,
  teamRouting,
  teams,
  workspaces,
} from "@/db/schema";
import type { RoutingRule } from "@/server/routing/rules";
import { routeConversation } from "@/server/services/routing/route-conversation";
import { openTestDatabase } from "../../support/database";
import { createWorkspace, type TestWorkspace } from "../../support/factories";
import { addAgents, addTeam, newConversations } from "../../support/routing";

let handle: DatabaseHandle;
beforeAll(async () => {
  handle = await openTestDatabase();
});
afterAll(() => handle.close());

const versionOf = async (workspaceId: string) =>
  (
    await handle.db
      .select({ version: workspaces.routingConfigVersion })
      .from(workspaces)
      .where(eq(workspaces.id, workspaceId))
  )[0]!.version;

const route = (db: Database, ws: TestWorkspace, conversationId: string, text: string) =>
  runTransaction(db, (tx) =>
    routeConversation(tx, {
      workspaceId: ws.workspaceId,
      conversationId,
      trigger: "new_conversation",
      text,
      now: new Date(),
    }),
  );

const ruleTo = (teamId: string, keyword: string): RoutingRule => ({
  id: `rule_${keyword}`,
  name: `About ${keyword}`,
  enabled: true,
  conditions: [{ type: "text_contains", keywords: [keyword] }],
  actions: [{ type: "set_team", teamId }],
});

describe("the routing configuration version", () => {
  it("moves on every write to rules, teams, members, calendars and SLA policies, and only for that workspace", async () => {
    const ws = await createWorkspace(handle.db);
    const other = await createWorkspace(handle.db);
    const otherBefore = await versionOf(other.workspaceId);
    let last = await versionOf(ws.workspaceId);
    const expectBumped = async () => {
      const now = await versionOf(ws.workspaceId);
      expect(now).toBeGreaterThan(last);
      last = now;
    };
    const [agent] = await addAgents(handle.db, ws, 1, { capacity: 3 });
    const teamId = await addTeam(handle.db, ws, [], "round_robin");
    await expectBumped();
    await handle.db.insert(teamMembers).values({ workspaceId: ws.workspaceId, teamId, userId: agent!.userId });
    await expectBumped();
    const [calendar] = await handle.db
      .insert(businessCalendars)
      .values({ workspaceId: ws.workspaceId, name: "Hours", timeZone: "UTC", weekly: [] })
      .returning();
    await expectBumped();
    await handle.db.update(teamRouting).set({ calendarId: calendar!.id }).where(eq(teamRouting.teamId, teamId));
    await expectBumped();
    await handle.db
      .update(businessCalendars)
      .set({ holidays: ["2026-12-25"] })
      .where(eq(businessCalendars.id, calendar!.id));
    await expectBumped();
    await handle.db
      .insert(slaPolicies)
      .values({ workspaceId: ws.workspaceId, priority: "urgent", firstResponseMinutes: 5 });
    await expectBumped();
    await handle.db.insert(routingRuleSets).values({ workspaceId: ws.workspaceId, rules: [], publishedAt: new Date() });
    await expectBumped();
    await handle.db.delete(teamMembers).where(eq(teamMembers.teamId, teamId));
    await expectBumped();
    await handle.db.delete(teams).where(eq(teams.id, teamId));
    await expectBumped();
    expect(await versionOf(other.workspaceId)).toBe(otherBefore);
  });

  it("routing sees a change at once: newly published rules, a renamed team and a new member", async () => {
    const ws = await createWorkspace(handle.db);
    const [ana, ben] = await addAgents(handle.db, ws, 2, { capacity: 5 });
    const sales = await addTeam(handle.db, ws, [ana!], "round_robin");
    const support = await addTeam(handle.db, ws, [], "round_robin");
    await handle.db.insert(routingRuleSets).values({
      workspaceId: ws.workspaceId,
      rules: [ruleTo(sales, "price")],
      publishedAt: new Date(Date.now() - 1000),
    });
    const [first, second, third] = await newConversations(handle.db, ws, 3);

    expect(await route(handle.db, ws, first!, "what is the price")).toMatchObject({
      teamId: sales,
      assigneeId: ana!.userId,
    });

    // Publish new rules, rename the team and staff it: the next decision uses all of it.
    await handle.db
      .insert(routingRuleSets)
      .values({ workspaceId: ws.workspaceId, rules: [ruleTo(support, "price")], publishedAt: new Date() });
    await handle.db.update(teams).set({ name: "Customer care" }).where(eq(teams.id, support));
    await handle.db.insert(teamMembers).values({ workspaceId: ws.workspaceId, teamId: support, userId: ben!.userId });
    const routed = await route(handle.db, ws, second!, "what is the price");
    expect(routed).toMatchObject({ teamId: support, assigneeId: ben!.userId });
    expect(routed.summary).toMatch(/^Routed to Customer care by rule 'About price'/);

    // A member leaves: they are no longer a candidate.
    await handle.db.delete(teamMembers).where(eq(teamMembers.userId, ben!.userId));
    expect(await route(handle.db, ws, third!, "price?")).toMatchObject({ teamId: support, assigneeId: null });
  });
});
