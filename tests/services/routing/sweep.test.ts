import { and, eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DatabaseHandle } from "@/db";
import { runTransaction } from "@/db/run-transaction";
import { agentRoutingProfiles, conversations, routingDecisions, slaPolicies } from "@/db/schema";
import { routeConversation } from "@/server/services/routing/route-conversation";
import { sweepRouting, type SweepSettings } from "@/server/services/routing/sweep-routing";
import { openTestDatabase } from "../../support/database";
import { callerFor } from "../../support/caller";
import {
  clientId,
  createVisitor,
  createWorkspace,
  recordingDispatcher,
  type TestWorkspace,
} from "../../support/factories";
import { addAgents, addTeam, addTeamMember, newConversations } from "../../support/routing";

let handle: DatabaseHandle;
beforeAll(async () => {
  handle = await openTestDatabase();
});
afterAll(async () => {
  await handle.close();
});

const SETTINGS: SweepSettings = {
  offlineGraceSeconds: 60,
  reclaimAfterSeconds: 300,
  unroutedAfterSeconds: 10,
  batch: 500,
};
const minutes = (n: number) => n * 60_000;

let workspaceIds: string[] = [];

/** Sweeps this file's workspaces only: other test files share the database. */
function sweep(now: Date) {
  const dispatcher = recordingDispatcher();
  return { dispatcher, run: sweepRouting({ db: handle.db, dispatcher }, { ...SETTINGS, workspaceIds }, now) };
}

async function workspace() {
  const ws = await createWorkspace(handle.db);
  workspaceIds = [ws.workspaceId];
  return ws;
}

const route = (ws: TestWorkspace, conversationId: string, now: Date) =>
  runTransaction(handle.db, (tx) =>
    routeConversation(tx, {
      workspaceId: ws.workspaceId,
      conversationId,
      trigger: "new_conversation",
      text: "hi",
      now,
    }),
  );

const conversation = async (id: string) =>
  (await handle.db.select().from(conversations).where(eq(conversations.id, id)))[0]!;

describe("the routing clock", () => {
  it("requeues an offline agent's conversations after the grace period, to another online agent", async () => {
    const ws = await workspace();
    const [leaving, staying] = await addAgents(handle.db, ws, 2, { capacity: 5 });
    await addTeam(handle.db, ws, [leaving!], "round_robin");
    const [id] = await newConversations(handle.db, ws, 1);
    const start = new Date();
    expect((await route(ws, id!, start)).assigneeId).toBe(leaving!.userId);
    await addTeamMember(handle.db, ws, (await conversation(id!)).teamId!, staying!.userId);

    const offlineAt = new Date(start.getTime() + minutes(1));
    await handle.db
      .update(agentRoutingProfiles)
      .set({ availability: "offline", offlineSince: offlineAt })
      .where(eq(agentRoutingProfiles.userId, leaving!.userId));
    // Within the grace period nothing moves.
    expect((await sweep(new Date(offlineAt.getTime() + 30_000)).run).requeued).toBe(0);
    const later = sweep(new Date(offlineAt.getTime() + minutes(2)));
    expect((await later.run).requeued).toBe(1);
    expect((await conversation(id!)).assigneeId).toBe(staying!.userId);
    const decisions = await handle.db.select().from(routingDecisions).where(eq(routingDecisions.conversationId, id!));
    expect(decisions.map((d) => d.trigger).sort()).toEqual(["new_conversation", "offline_requeue"]);
  });

  it("reclaims a conversation its agent left unanswered, never handing it back to them", async () => {
    const ws = await workspace();
    const [slow] = await addAgents(handle.db, ws, 1, { capacity: 5 });
    await addTeam(handle.db, ws, [slow!], "round_robin");
    const [id] = await newConversations(handle.db, ws, 1);
    const start = new Date();
    await route(ws, id!, start);
    await handle.db.update(conversations).set({ awaitingReplySince: start }).where(eq(conversations.id, id!));
    expect((await sweep(new Date(start.getTime() + minutes(4))).run).reclaimed).toBe(0);
    expect((await sweep(new Date(start.getTime() + minutes(6))).run).reclaimed).toBe(1);
    const row = await conversation(id!);
    expect(row.assigneeId).toBeNull();
    const [decision] = await handle.db
      .select()
      .from(routingDecisions)
      .where(and(eq(routingDecisions.conversationId, id!), eq(routingDecisions.trigger, "reclaim")));
    expect(decision?.summary).toMatch(/Reclaimed: unanswered too long; Waiting/);
  });

  it("warns before an SLA is due, then breaches it once and escalates the priority", async () => {
    const ws = await workspace();
    await handle.db.insert(slaPolicies).values({
      workspaceId: ws.workspaceId,
      priority: "normal",
      firstResponseMinutes: 30,
      warnBeforeMinutes: 10,
      escalation: { raisePriority: true, notifySupervisors: true, reassign: false },
    });
    const [id] = await newConversations(handle.db, ws, 1);
    const created = (await conversation(id!)).createdAt;
    await route(ws, id!, created);
    expect((await conversation(id!)).slaDueAt?.getTime()).toBe(created.getTime() + minutes(30));

    expect(await sweep(new Date(created.getTime() + minutes(15))).run).toMatchObject({ warned: 0, breached: 0 });
    const warning = sweep(new Date(created.getTime() + minutes(21)));
    expect(await warning.run).toMatchObject({ warned: 1, breached: 0 });
    expect(warning.dispatcher.dispatched.map((e) => e.type)).toContain("conversation.sla_warning");
    expect((await sweep(new Date(created.getTime() + minutes(22))).run).warned).toBe(0);

    const breach = sweep(new Date(created.getTime() + minutes(31)));
    expect(await breach.run).toMatchObject({ breached: 1 });
    expect(breach.dispatcher.dispatched.map((e) => e.type)).toContain("conversation.sla_breached");
    expect(await conversation(id!)).toMatchObject({ priority: "high" });
    expect((await sweep(new Date(created.getTime() + minutes(40))).run).breached).toBe(0);
  });

  it("routes a conversation that was never routed", async () => {
    const ws = await workspace();
    const [agent] = await addAgents(handle.db, ws, 1, { capacity: 5 });
    await addTeam(handle.db, ws, [agent!], "round_robin");
    const [id] = await newConversations(handle.db, ws, 1);
    const created = (await conversation(id!)).createdAt;
    await sweep(new Date(created.getTime() + minutes(1))).run;
    expect((await conversation(id!)).assigneeId).toBe(agent!.userId);
  });

  it("routes the others when one conversation cannot be routed, and tells the agents' inboxes", async () => {
    const ws = await workspace();
    const [agent] = await addAgents(handle.db, ws, 1, { capacity: 5 });
    await addTeam(handle.db, ws, [agent!], "round_robin");
    await handle.db
      .update(agentRoutingProfiles)
      .set({ availability: "offline" })
      .where(eq(agentRoutingProfiles.userId, agent!.userId));
    const [broken, fine] = await newConversations(handle.db, ws, 2);
    // Hostile data: labels that are not a list make routing this one conversation throw.
    await handle.db.execute(sql`update conversations set labels = '{"not": "a list"}'::jsonb where id = ${broken!}`);
    const created = (await conversation(fine!)).createdAt;
    const { dispatcher, run } = sweep(new Date(created.getTime() + minutes(1)));
    const report = await run;
    expect(report).toMatchObject({ routed: 1, failed: 1 });
    expect(report.firstFailure).toBeInstanceOf(Error);
    expect((await conversation(broken!)).queuedAt).toBeNull();
    // Nobody is online, so it waits in the queue; the inbox still hears that it has a team and an SLA now.
    const queued = await conversation(fine!);
    expect(queued.teamId).not.toBeNull();
    expect(queued.queuedAt).not.toBeNull();
    const updates = dispatcher.dispatched.filter(
      (event) => event.type === "conversation.updated" && event.conversationId === fine,
    );
    expect(updates).toHaveLength(1);
    expect(updates[0]!.payload).toMatchObject({ teamId: queued.teamId, assigneeId: null, priority: "normal" });
    expect(typeof updates[0]!.id).toBe("number");
  });
});

describe("SLA clocks follow the conversation", () => {
  it("stops the first-response clock on the agent's reply, records attainment, and starts the next-response clock when the customer writes again", async () => {
    const ws = await workspace();
    await handle.db.insert(slaPolicies).values({
      workspaceId: ws.workspaceId,
      priority: "normal",
      firstResponseMinutes: 30,
      nextResponseMinutes: 20,
      resolutionMinutes: 600,
    });
    const anonymous = callerFor(handle.db, recordingDispatcher(), null);
    const visitor = await createVisitor(handle.db, ws);
    const sent = await anonymous.widget.send({ ...visitor, body: "Hello?", clientMessageId: clientId() });
    const id = sent.conversationId;
    await route(ws, id, new Date());
    const routed = await conversation(id);
    expect(routed.firstResponseDueAt).not.toBeNull();
    expect(routed.awaitingReplySince).not.toBeNull();

    const agent = callerFor(handle.db, recordingDispatcher(), ws.agent);
    await agent.messages.send({ conversationId: id, body: "Hi! Looking now.", clientMessageId: clientId() });
    const replied = await conversation(id);
    expect(replied).toMatchObject({ slaFirstResponseMet: true, awaitingReplySince: null, firstResponseDueAt: null });
    expect(replied.slaDueAt?.getTime()).toBe(replied.resolutionDueAt?.getTime());

    await anonymous.widget.send({ ...visitor, body: "Any news?", clientMessageId: clientId() });
    const waiting = await conversation(id);
    expect(waiting.awaitingReplySince).not.toBeNull();
    await sweep(new Date()).run;
    const clocked = await conversation(id);
    expect(clocked.nextResponseDueAt?.getTime()).toBe(waiting.awaitingReplySince!.getTime() + minutes(20));
    expect(clocked.slaDueAt?.getTime()).toBe(clocked.nextResponseDueAt?.getTime());
  });
});
