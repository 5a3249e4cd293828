import { and, eq, inArray } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DatabaseHandle } from "@/db";
import { conversations, routingDecisions, type ConversationPriority } from "@/db/schema";
import { callerFor } from "../../support/caller";
import { openTestDatabase } from "../../support/database";
import { createWorkspace, recordingDispatcher, type TestWorkspace } from "../../support/factories";
import { expectFailure } from "../../support/trpc-error";
import { addAgents, addTeam, newConversations, type Agent } from "../../support/routing";

let handle: DatabaseHandle;
beforeAll(async () => {
  handle = await openTestDatabase();
});
afterAll(() => handle.close());

const as = (agent: Agent) =>
  callerFor(handle.db, recordingDispatcher(), {
    ...agent.actor,
    name: `Agent ${agent.userId}`,
    email: "a@example.test",
  });
const adminOf = (ws: TestWorkspace) => callerFor(handle.db, recordingDispatcher(), ws.admin);

async function waiting(
  ws: TestWorkspace,
  teamId: string | null,
  priorities: ConversationPriority[],
  skills: string[] = [],
) {
  const ids = await newConversations(handle.db, ws, priorities.length);
  for (const [index, id] of ids.entries()) {
    await handle.db
      .update(conversations)
      .set({
        teamId,
        priority: priorities[index],
        requiredSkills: skills,
        queuedAt: new Date(Date.now() - 60_000 + index),
      })
      .where(eq(conversations.id, id));
  }
  return ids;
}

const rowOf = async (id: string) => (await handle.db.select().from(conversations).where(eq(conversations.id, id)))[0]!;

describe("claiming the next conversation", () => {
  it("takes the most urgent waiting conversation of the agent's teams, up to their capacity", async () => {
    const ws = await createWorkspace(handle.db);
    const [ana] = await addAgents(handle.db, ws, 1, { capacity: 2 });
    const teamId = await addTeam(handle.db, ws, [ana!], "manual");
    const otherTeam = await addTeam(handle.db, ws, [], "manual");
    const [low, urgent, normal] = await waiting(ws, teamId, ["low", "urgent", "normal"]);
    const [elsewhere] = await waiting(ws, otherTeam, ["urgent"]);

    expect(await as(ana!).routing.claimNext()).toEqual({ conversationId: urgent });
    expect(await as(ana!).routing.claimNext()).toEqual({ conversationId: normal });
    await expectFailure(as(ana!).routing.claimNext(), "CONFLICT", /capacity of 2/);
    expect((await rowOf(low!)).assigneeId).toBeNull();
    expect((await rowOf(elsewhere!)).assigneeId).toBeNull();

    const [decision] = await handle.db
      .select()
      .from(routingDecisions)
      .where(eq(routingDecisions.conversationId, urgent!));
    expect(decision).toMatchObject({ trigger: "claim", chosenUserId: ana!.userId });
    expect(decision!.summary).toMatch(/^Claimed by .* queue \(1\/2 open\)$/);
  });

  it("skips conversations needing skills the agent lacks, and says when nothing waits", async () => {
    const ws = await createWorkspace(handle.db);
    const [ana] = await addAgents(handle.db, ws, 1, { capacity: 5, skills: ["english"] });
    const teamId = await addTeam(handle.db, ws, [ana!], "manual");
    await waiting(ws, teamId, ["urgent"], ["german"]);
    const [english] = await waiting(ws, teamId, ["low"], ["english"]);
    expect(await as(ana!).routing.claimNext()).toEqual({ conversationId: english });
    expect(await as(ana!).routing.claimNext()).toEqual({ conversationId: null });
  });

  it("two agents claiming at once never take the same conversation", async () => {
    const ws = await createWorkspace(handle.db);
    const agents = await addAgents(handle.db, ws, 4, { capacity: 5 });
    const teamId = await addTeam(handle.db, ws, agents, "manual");
    const ids = await waiting(ws, teamId, ["normal", "normal"]);
    const claims = await Promise.all(agents.map((agent) => as(agent).routing.claimNext()));
    const taken = claims.map((claim) => claim.conversationId).filter(Boolean);
    expect(taken.sort()).toEqual([...ids].sort());
    const rows = await handle.db.select().from(conversations).where(inArray(conversations.id, ids));
    expect(new Set(rows.map((row) => row.assigneeId)).size).toBe(2);
  });

  it("never claims another workspace's conversation", async () => {
    const ws = await createWorkspace(handle.db);
    const other = await createWorkspace(handle.db);
    const [ana] = await addAgents(handle.db, ws, 1, { capacity: 5 });
    const [theirs] = await waiting(other, null, ["urgent"]);
    expect(await as(ana!).routing.claimNext()).toEqual({ conversationId: null });
    expect((await rowOf(theirs!)).assigneeId).toBeNull();
  });
});

describe("transferring a conversation", () => {
  async function assignedTo(ws: TestWorkspace, agent: Agent, teamId: string | null = null) {
    const [id] = await waiting(ws, teamId, ["normal"]);
    await handle.db
      .update(conversations)
      .set({ assigneeId: agent.userId, assignedAt: new Date() })
      .where(eq(conversations.id, id!));
    return id!;
  }

  it("hands it to an online agent with room, explaining the move", async () => {
    const ws = await createWorkspace(handle.db);
    const [ana, ben] = await addAgents(handle.db, ws, 2, { capacity: 3 });
    const conversationId = await assignedTo(ws, ana!);
    const result = await as(ana!).routing.transfer({ conversationId, to: { kind: "agent", userId: ben!.userId } });
    expect(result.assigneeId).toBe(ben!.userId);
    expect(result.summary).toMatch(/^Transferred by .* to Agent 1 .* \(1\/3 open\)$/);
    expect((await rowOf(conversationId)).assigneeId).toBe(ben!.userId);
    const decisions = await handle.db
      .select({ trigger: routingDecisions.trigger })
      .from(routingDecisions)
      .where(eq(routingDecisions.conversationId, conversationId));
    expect(decisions.map((row) => row.trigger)).toEqual(["transfer"]);
  });

  it("refuses an offline agent or one at capacity, and leaves the conversation where it was", async () => {
    const ws = await createWorkspace(handle.db);
    const [ana] = await addAgents(handle.db, ws, 1, { capacity: 3 });
    const [off] = await addAgents(handle.db, ws, 1, { capacity: 3, online: false });
    const [full] = await addAgents(handle.db, ws, 1, { capacity: 1 });
    await assignedTo(ws, full!);
    const conversationId = await assignedTo(ws, ana!);
    await expectFailure(
      as(ana!).routing.transfer({ conversationId, to: { kind: "agent", userId: off!.userId } }),
      "CONFLICT",
      /is not online/,
    );
    await expectFailure(
      as(ana!).routing.transfer({ conversationId, to: { kind: "agent", userId: full!.userId } }),
      "CONFLICT",
      /at capacity \(1\/1 open\)/,
    );
    expect((await rowOf(conversationId)).assigneeId).toBe(ana!.userId);
  });

  it("to a team: its routing picks someone other than the sender, or a manual team queues it", async () => {
    const ws = await createWorkspace(handle.db);
    const [ana, ben] = await addAgents(handle.db, ws, 2, { capacity: 3 });
    const billing = await addTeam(handle.db, ws, [ana!, ben!], "round_robin");
    const manual = await addTeam(handle.db, ws, [ben!], "manual");
    const first = await assignedTo(ws, ana!);
    const routed = await as(ana!).routing.transfer({ conversationId: first, to: { kind: "team", teamId: billing } });
    expect(routed).toMatchObject({ assigneeId: ben!.userId, teamId: billing });
    expect((await rowOf(first)).teamId).toBe(billing);

    const second = await assignedTo(ws, ana!);
    const queued = await as(ana!).routing.transfer({ conversationId: second, to: { kind: "team", teamId: manual } });
    expect(queued).toMatchObject({ assigneeId: null, teamId: manual });
    expect(queued.summary).toMatch(/waiting to be claimed/);
    expect(await rowOf(second)).toMatchObject({ assigneeId: null, teamId: manual });
    expect(await as(ben!).routing.claimNext()).toEqual({ conversationId: second });
  });

  it("only its agent or a supervisor may transfer it", async () => {
    const ws = await createWorkspace(handle.db);
    const [ana, ben, cleo] = await addAgents(handle.db, ws, 3, { capacity: 3 });
    const conversationId = await assignedTo(ws, ana!);
    await expectFailure(
      as(ben!).routing.transfer({ conversationId, to: { kind: "agent", userId: cleo!.userId } }),
      "FORBIDDEN",
    );
    const moved = await adminOf(ws).routing.transfer({ conversationId, to: { kind: "agent", userId: cleo!.userId } });
    expect(moved.assigneeId).toBe(cleo!.userId);
  });

  it("cannot reach another workspace's conversation, team or agent", async () => {
    const ws = await createWorkspace(handle.db);
    const other = await createWorkspace(handle.db);
    const [ana, ben] = await addAgents(handle.db, ws, 2, { capacity: 3 });
    const [theirAgent] = await addAgents(handle.db, other, 1, { capacity: 3 });
    const theirTeam = await addTeam(handle.db, other, [theirAgent!], "round_robin");
    const mine = await assignedTo(ws, ana!);
    const theirs = await assignedTo(other, theirAgent!);
    await expectFailure(
      adminOf(ws).routing.transfer({ conversationId: theirs, to: { kind: "agent", userId: ben!.userId } }),
      "NOT_FOUND",
    );
    await expectFailure(
      as(ana!).routing.transfer({ conversationId: mine, to: { kind: "team", teamId: theirTeam } }),
      "NOT_FOUND",
    );
    await expectFailure(
      as(ana!).routing.transfer({ conversationId: mine, to: { kind: "agent", userId: theirAgent!.userId } }),
      "NOT_FOUND",
    );
    const targets = await as(ana!).routing.transferTargets();
    expect(targets.teams.map((team) => team.teamId)).not.toContain(theirTeam);
    expect(targets.agents.map((agent) => agent.userId)).not.toContain(theirAgent!.userId);
    expect(await rowOf(theirs)).toMatchObject({ assigneeId: theirAgent!.userId });
  });

  it("refuses malformed transfers with a clear message", async () => {
    const ws = await createWorkspace(handle.db);
    const [ana] = await addAgents(handle.db, ws, 1, { capacity: 3 });
    const conversationId = await assignedTo(ws, ana!);
    await expectFailure(
      as(ana!).routing.transfer({ conversationId, to: { kind: "queue", id: "x" } as never }),
      "BAD_REQUEST",
      /agent or a team/,
    );
    await expectFailure(
      as(ana!).routing.transfer({ conversationId, to: { kind: "agent", userId: "" } }),
      "BAD_REQUEST",
    );
    const resolvedId = await assignedTo(ws, ana!);
    await handle.db
      .update(conversations)
      .set({ status: "resolved" })
      .where(and(eq(conversations.id, resolvedId)));
    await expectFailure(
      adminOf(ws).routing.transfer({ conversationId: resolvedId, to: { kind: "agent", userId: ana!.userId } }),
      "CONFLICT",
    );
  });
});
