import { and, eq, inArray, sql } from "drizzle-orm";
import { inject } from "vitest";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDatabase, type Database, type DatabaseHandle } from "@/db";
import { runTransaction } from "@/db/run-transaction";
import {
  agentRoutingProfiles,
  conversations,
  routingDecisions,
  routingRuleSets,
  teamMembers,
  teams,
} from "@/db/schema";
import type { RoutingRule } from "@/server/routing/rules";
import { offerNext } from "@/server/services/routing/offer-next";
import { routeConversation } from "@/server/services/routing/route-conversation";
import { setAvailability } from "@/server/services/routing/set-availability";
import { callerFor } from "../../support/caller";
import { openTestDatabase, testDriver } from "../../support/database";
import { createWorkspace, recordingDispatcher, type TestWorkspace } from "../../support/factories";
import { addAgents, addTeam, newConversations } from "../../support/routing";

let handle: DatabaseHandle;
let other: DatabaseHandle | null = null;

beforeAll(async () => {
  handle = await openTestDatabase();
  const url = inject("postgresUrl");
  if (url) other = await openDatabase({ driver: "postgres", url, maxConnections: 10 });
});
afterAll(async () => {
  await other?.close();
  await handle.close();
});

const route = (db: Database, ws: TestWorkspace, conversationId: string, text = "Hello") =>
  runTransaction(db, (tx) =>
    routeConversation(tx, {
      workspaceId: ws.workspaceId,
      conversationId,
      trigger: "new_conversation",
      text,
      now: new Date(),
    }),
  );

async function loadByAgent(ws: TestWorkspace) {
  const rows = await handle.db
    .select({ assigneeId: conversations.assigneeId, count: sql<number>`count(*)::int` })
    .from(conversations)
    .where(and(eq(conversations.workspaceId, ws.workspaceId), sql`${conversations.assigneeId} is not null`))
    .groupBy(conversations.assigneeId);
  return new Map(rows.map((row) => [row.assigneeId!, row.count]));
}

describe("routing and assignment", () => {
  it("round robin spreads conversations over online agents and explains each choice", async () => {
    const ws = await createWorkspace(handle.db);
    const agents = await addAgents(handle.db, ws, 3, { capacity: 5 });
    await addTeam(handle.db, ws, agents, "round_robin");
    const ids = await newConversations(handle.db, ws, 6);
    for (const id of ids) await route(handle.db, ws, id);
    expect([...(await loadByAgent(ws)).values()]).toEqual([2, 2, 2]);
    const [decision] = await handle.db
      .select()
      .from(routingDecisions)
      .where(eq(routingDecisions.conversationId, ids[0]!));
    expect(decision?.summary).toMatch(/Routed to Team .*; Agent \d .* chosen: online, 0\/5 open/);
    expect(decision?.verdicts).toHaveLength(3);
  });

  it("applies the published rules: priority, team with skills, and queues when nobody fits", async () => {
    const ws = await createWorkspace(handle.db);
    const general = await addAgents(handle.db, ws, 1, { capacity: 5 });
    await addTeam(handle.db, ws, general, "least_busy");
    const billingAgents = await addAgents(handle.db, ws, 1, { capacity: 5, skills: ["Billing"], online: false });
    const [billing] = await handle.db
      .insert(teams)
      .values({ workspaceId: ws.workspaceId, name: "Billing" })
      .returning();
    await handle.db
      .insert(teamMembers)
      .values({ workspaceId: ws.workspaceId, teamId: billing!.id, userId: billingAgents[0]!.userId });
    const rules: RoutingRule[] = [
      {
        id: "r1",
        name: "Refunds",
        enabled: true,
        conditions: [{ type: "text_contains", keywords: ["refund"] }],
        actions: [
          { type: "set_priority", priority: "urgent" },
          { type: "set_team", teamId: billing!.id },
          { type: "require_skills", skills: ["billing"] },
        ],
      },
    ];
    await handle.db.insert(routingRuleSets).values({ workspaceId: ws.workspaceId, rules, publishedAt: new Date() });

    const [refund, hello] = await newConversations(handle.db, ws, 2);
    const waiting = await route(handle.db, ws, refund!, "I need a refund");
    expect(waiting.assigneeId).toBeNull();
    expect(waiting.summary).toMatch(/by rule 'Refunds'.*Waiting: no agent is online/);
    const [row] = await handle.db.select().from(conversations).where(eq(conversations.id, refund!));
    expect(row).toMatchObject({
      priority: "urgent",
      teamId: billing!.id,
      requiredSkills: ["billing"],
      assigneeId: null,
    });
    expect((await route(handle.db, ws, hello!)).assigneeId).toBe(general[0]!.userId);

    // The Billing agent comes online and is offered the waiting refund at once.
    const result = await setAvailability(
      { db: handle.db, dispatcher: recordingDispatcher() },
      billingAgents[0]!.actor,
      "online",
    );
    expect(result.assigned).toEqual([refund]);
  });

  it("offers waiting conversations in priority order up to the agent's free capacity", async () => {
    const ws = await createWorkspace(handle.db);
    const [agent] = await addAgents(handle.db, ws, 1, { capacity: 2, online: false });
    await addTeam(handle.db, ws, [agent!], "round_robin");
    const ids = await newConversations(handle.db, ws, 3);
    for (const id of ids) await route(handle.db, ws, id);
    await handle.db.update(conversations).set({ priority: "urgent" }).where(eq(conversations.id, ids[2]!));
    await handle.db
      .update(agentRoutingProfiles)
      .set({ availability: "online" })
      .where(eq(agentRoutingProfiles.userId, agent!.userId));
    const offered = await runTransaction(handle.db, (tx) =>
      offerNext(tx, { workspaceId: ws.workspaceId, userId: agent!.userId, now: new Date() }),
    );
    expect(offered.assigned).toEqual([ids[2], ids[0]]);
  });

  it("never exceeds capacity nor assigns twice with hundreds of conversations routed at once from two processes", async () => {
    const ws = await createWorkspace(handle.db);
    const agents = await addAgents(handle.db, ws, 8, { capacity: 10 });
    await addTeam(handle.db, ws, agents, "least_busy");
    const count = testDriver() === "postgres" ? 200 : 120;
    const ids = await newConversations(handle.db, ws, count);
    const second = other?.db ?? handle.db;
    await Promise.all(ids.map((id, i) => route(i % 2 === 0 ? handle.db : second, ws, id)));
    // Agents come online and go looking for work while nothing is left for most of them.
    await Promise.all(
      agents.map((agent, i) =>
        runTransaction(i % 2 ? second : handle.db, (tx) =>
          offerNext(tx, { workspaceId: ws.workspaceId, userId: agent.userId, now: new Date() }),
        ),
      ),
    );

    const load = await loadByAgent(ws);
    expect(Math.max(...load.values())).toBeLessThanOrEqual(10);
    const assignedTotal = [...load.values()].reduce((a, b) => a + b, 0);
    expect(assignedTotal).toBe(80);
    const decisions = await handle.db
      .select({ conversationId: routingDecisions.conversationId, chosen: routingDecisions.chosenUserId })
      .from(routingDecisions)
      .where(and(eq(routingDecisions.workspaceId, ws.workspaceId), inArray(routingDecisions.conversationId, ids)));
    const assignedDecisions = decisions.filter((d) => d.chosen !== null);
    // One assigning decision per assigned conversation: none was handed out twice.
    expect(new Set(assignedDecisions.map((d) => d.conversationId)).size).toBe(assignedDecisions.length);
    expect(assignedDecisions).toHaveLength(80);
    const waiting = await handle.db
      .select({ id: conversations.id })
      .from(conversations)
      .where(and(eq(conversations.workspaceId, ws.workspaceId), sql`${conversations.assigneeId} is null`));
    expect(waiting).toHaveLength(count - 80);
  });

  it("keeps routing inside the workspace", async () => {
    const ws = await createWorkspace(handle.db);
    const otherWs = await createWorkspace(handle.db);
    const theirAgents = await addAgents(handle.db, otherWs, 1, { capacity: 5 });
    const [theirTeam] = await handle.db
      .insert(teams)
      .values({ workspaceId: otherWs.workspaceId, name: "Theirs" })
      .returning();
    await handle.db
      .insert(teamMembers)
      .values({ workspaceId: otherWs.workspaceId, teamId: theirTeam!.id, userId: theirAgents[0]!.userId });
    // A rule pointing at another workspace's team finds no members there.
    const rules: RoutingRule[] = [
      { id: "x", name: "Steal", enabled: true, conditions: [], actions: [{ type: "set_team", teamId: theirTeam!.id }] },
    ];
    await handle.db.insert(routingRuleSets).values({ workspaceId: ws.workspaceId, rules, publishedAt: new Date() });
    const [id] = await newConversations(handle.db, ws, 1);
    expect(await route(handle.db, ws, id!)).toMatchObject({ assigneeId: null, teamId: null });
    await expect(route(handle.db, otherWs, id!)).rejects.toThrow(/not found/);
  });
});

describe("routing around resolve and reopen", () => {
  it("offers the next waiting conversation to the agent who resolves one, and never hands a reopened one to an offline agent", async () => {
    const ws = await createWorkspace(handle.db);
    const [agent] = await addAgents(handle.db, ws, 1, { capacity: 1 });
    await addTeam(handle.db, ws, [agent!], "round_robin");
    const [first, second] = await newConversations(handle.db, ws, 2);
    expect((await route(handle.db, ws, first!)).assigneeId).toBe(agent!.userId);
    expect((await route(handle.db, ws, second!)).assigneeId).toBeNull();

    const caller = callerFor(handle.db, recordingDispatcher(), { ...agent!.actor, name: "A", email: "a@example.test" });
    await caller.conversations.resolve({ conversationId: first! });
    const [next] = await handle.db.select().from(conversations).where(eq(conversations.id, second!));
    expect(next?.assigneeId).toBe(agent!.userId);

    // The agent goes offline; reopening the first conversation routes it again instead of back to them.
    await caller.routing.setAvailability({ availability: "offline" });
    await caller.conversations.reopen({ conversationId: first! });
    const [reopened] = await handle.db.select().from(conversations).where(eq(conversations.id, first!));
    expect(reopened).toMatchObject({ status: "open", assigneeId: null });
    const decisions = await handle.db
      .select()
      .from(routingDecisions)
      .where(eq(routingDecisions.conversationId, first!));
    expect(decisions.map((d) => d.trigger)).toContain("reopened");
  });
});
