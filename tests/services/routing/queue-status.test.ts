import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DatabaseHandle } from "@/db";
import { runTransaction } from "@/db/run-transaction";
import { businessCalendars, conversations, teamRouting } from "@/db/schema";
import { routeConversation } from "@/server/services/routing/route-conversation";
import { callerFor } from "../../support/caller";
import { openTestDatabase } from "../../support/database";
import { clientId, createVisitor, createWorkspace, recordingDispatcher } from "../../support/factories";
import { rejectionOf } from "../../support/trpc-error";
import { addAgents, addTeam } from "../../support/routing";

let handle: DatabaseHandle;
beforeAll(async () => {
  handle = await openTestDatabase();
});
afterAll(async () => {
  await handle.close();
});

describe("the customer's place in the queue", () => {
  it("shows each waiting visitor their position and an expected wait, and nothing of others", async () => {
    const ws = await createWorkspace(handle.db);
    const [agent] = await addAgents(handle.db, ws, 1, { capacity: 1 });
    const teamId = await addTeam(handle.db, ws, [agent!], "round_robin");
    const anonymous = callerFor(handle.db, recordingDispatcher(), null);
    const visitors = [];
    for (let i = 0; i < 3; i++) {
      const visitor = await createVisitor(handle.db, ws);
      const sent = await anonymous.widget.send({ ...visitor, body: `Question ${i}`, clientMessageId: clientId() });
      await runTransaction(handle.db, (tx) =>
        routeConversation(tx, {
          workspaceId: ws.workspaceId,
          conversationId: sent.conversationId,
          trigger: "new_conversation",
          text: `Question ${i}`,
          now: new Date(Date.now() + i),
        }),
      );
      visitors.push({ ...visitor, conversationId: sent.conversationId });
    }
    const statuses = await Promise.all(visitors.map((v) => anonymous.widget.queue(v)));
    // The first went straight to the only agent; the others wait, in order.
    expect(statuses.map((s) => s.state)).toEqual(["assigned", "waiting", "waiting"]);
    expect(statuses.map((s) => s.position)).toEqual([null, 1, 2]);
    expect(statuses[1]?.expectedWaitMinutes).toBeGreaterThan(0);
    expect(statuses[2]!.expectedWaitMinutes!).toBeGreaterThan(statuses[1]!.expectedWaitMinutes!);

    // Urgent jumps the line.
    await handle.db
      .update(conversations)
      .set({ priority: "urgent" })
      .where(eq(conversations.id, visitors[2]!.conversationId));
    expect((await anonymous.widget.queue(visitors[2]!)).position).toBe(1);

    // Another visitor's conversation is not found, whatever its id.
    const stranger = await createVisitor(handle.db, ws);
    const error = await rejectionOf(
      anonymous.widget.queue({ ...stranger, conversationId: visitors[1]!.conversationId }),
    );
    expect(error.httpStatus).toBe(404);

    // Outside business hours the visitor learns when the team opens.
    const [calendar] = await handle.db
      .insert(businessCalendars)
      .values({
        workspaceId: ws.workspaceId,
        name: "Never",
        timeZone: "UTC",
        weekly: [{ day: 1, open: "00:00", close: "00:01" }],
        holidays: [],
      })
      .returning();
    await handle.db.update(teamRouting).set({ calendarId: calendar!.id }).where(eq(teamRouting.teamId, teamId));
    const closed = await anonymous.widget.queue(visitors[1]!);
    const now = new Date();
    const mondayMidnight = now.getUTCDay() === 1 && now.getUTCHours() === 0 && now.getUTCMinutes() === 0;
    if (!mondayMidnight) {
      expect(closed).toMatchObject({ state: "closed" });
      expect(new Date(closed.nextOpeningAt!).getUTCDay()).toBe(1);
    }
  });
});
