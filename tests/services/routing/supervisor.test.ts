import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DatabaseHandle } from "@/db";
import { runTransaction } from "@/db/run-transaction";
import { conversations } from "@/db/schema";
import { routeConversation } from "@/server/services/routing/route-conversation";
import { callerFor } from "../../support/caller";
import { openTestDatabase } from "../../support/database";
import { createWorkspace, recordingDispatcher } from "../../support/factories";
import { rejectionOf } from "../../support/trpc-error";
import { addAgents, addTeam, newConversations } from "../../support/routing";

let handle: DatabaseHandle;
beforeAll(async () => {
  handle = await openTestDatabase();
});
afterAll(async () => {
  await handle.close();
});

describe("supervisor overview and reports", () => {
  it("shows queue depth, agent load and SLA risk, and reports response times and attainment", async () => {
    const ws = await createWorkspace(handle.db);
    const theirs = await createWorkspace(handle.db);
    const [agent] = await addAgents(handle.db, ws, 1, { capacity: 1 });
    await addTeam(handle.db, ws, [agent!], "round_robin");
    const ids = await newConversations(handle.db, ws, 3);
    await newConversations(handle.db, theirs, 2);
    for (const id of ids) {
      await runTransaction(handle.db, (tx) =>
        routeConversation(tx, {
          workspaceId: ws.workspaceId,
          conversationId: id,
          trigger: "new_conversation",
          text: "",
          now: new Date(),
        }),
      );
    }
    const created = new Date(Date.now() - 60 * 60_000);
    await handle.db
      .update(conversations)
      .set({
        createdAt: created,
        firstResponseAt: new Date(created.getTime() + 10 * 60_000),
        slaFirstResponseMet: true,
        slaDueAt: new Date(Date.now() - 60_000),
      })
      .where(eq(conversations.id, ids[0]!));

    const admin = callerFor(handle.db, recordingDispatcher(), ws.admin);
    const overview = await admin.routing.overview();
    expect(overview.queues).toEqual([
      expect.objectContaining({ teamName: expect.stringMatching(/^Team/), priority: "normal", waiting: 2 }),
    ]);
    expect(overview.agents.find((a) => a.userId === agent!.userId)).toMatchObject({
      availability: "online",
      open: 1,
      capacity: 1,
    });
    expect(overview.breaches.map((b) => [b.id, b.state])).toEqual([[ids[0], "breached"]]);

    const report = await admin.routing.report({
      from: new Date(Date.now() - 86_400_000),
      to: new Date(Date.now() + 60_000),
    });
    const team = report.teams.find((t) => t.name.startsWith("Team"));
    expect(team).toMatchObject({ conversations: 3, firstResponseMinutes: 10, firstResponseAttainment: 100 });
    expect(report.days.reduce((sum, d) => sum + d.conversations, 0)).toBe(3);

    const agentCaller = callerFor(handle.db, recordingDispatcher(), ws.agent);
    expect((await rejectionOf(agentCaller.routing.overview())).httpStatus).toBe(403);
    const backwards = await rejectionOf(admin.routing.report({ from: new Date(), to: new Date(Date.now() - 1000) }));
    expect(backwards.message).toMatch(/end after it starts/);
  });
});
