import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDatabase, type DatabaseHandle } from "@/db";
import { conversations, memberships, routingDecisions, users } from "@/db/schema";
import { DEMO_LOGINS, DEMO_WIDGET_TOKEN, seedDemoWorkspace } from "@/db/seed";
import { sweepRouting } from "@/server/services/routing/sweep-routing";
import { callerFor } from "../support/caller";
import { clientId, recordingDispatcher } from "../support/factories";

// The demo is seeded into an empty database only, so this suite has a fresh one of its own.
let handle: DatabaseHandle;
beforeAll(async () => {
  handle = await openDatabase({ driver: "pglite", dataDir: "memory" });
  await seedDemoWorkspace(handle.db);
});
afterAll(() => handle.close());

const sweep = () =>
  sweepRouting(
    { db: handle.db, dispatcher: recordingDispatcher() },
    { offlineGraceSeconds: 120, reclaimAfterSeconds: 1800, unroutedAfterSeconds: 0, batch: 200 },
  );

async function member(email: string) {
  const [row] = await handle.db
    .select({
      userId: users.id,
      workspaceId: memberships.workspaceId,
      name: users.name,
      email: users.email,
      role: memberships.role,
    })
    .from(users)
    .innerJoin(memberships, eq(memberships.userId, users.id))
    .where(eq(users.email, email));
  return { kind: "agent" as const, ...row! };
}

describe("the demo workspace's routing", () => {
  it("routes the demo conversations on the first clock tick, with SLA clocks, and a refund goes to Billing as urgent", async () => {
    await sweep();
    const all = await handle.db.select().from(conversations);
    expect(all.length).toBeGreaterThan(0);
    expect(all.every((c) => c.queuedAt !== null && c.slaDueAt !== null)).toBe(true);
    expect((await handle.db.select().from(routingDecisions)).length).toBe(all.length);

    const admin = callerFor(handle.db, recordingDispatcher(), await member(DEMO_LOGINS.admin.email));
    const settings = await admin.routing.settings();
    expect(settings.teams.map((t) => t.name)).toEqual(["Billing", "Frontline"]);
    expect(settings.publishedRules.map((r) => r.name)).toEqual(["Refunds", "Enterprise customers"]);

    const visitor = callerFor(handle.db, recordingDispatcher(), null);
    const session = await visitor.widget.session({ inboxToken: DEMO_WIDGET_TOKEN });
    const credentials = { inboxToken: DEMO_WIDGET_TOKEN, visitorToken: session.visitorToken };
    const sent = await visitor.widget.send({
      ...credentials,
      body: "I'd like a refund please",
      clientMessageId: clientId(),
    });
    await sweep();
    const detail = await admin.conversations.get({ conversationId: sent.conversationId });
    expect(detail).toMatchObject({ priority: "urgent", team: { name: "Billing" }, assigneeId: null });
    expect(detail.routing?.summary).toMatch(/^Routed to Billing by rule 'Refunds'; Waiting/);
    expect((await visitor.widget.queue({ ...credentials, conversationId: sent.conversationId })).position).toBe(1);

    // Sam (billing) goes online and is given it at once.
    const sam = callerFor(handle.db, recordingDispatcher(), await member("sam@switchboard.local"));
    const online = await sam.routing.setAvailability({ availability: "online" });
    expect(online.assigned).toContain(sent.conversationId);
  });
});

describe("the demo workspace's people", () => {
  it("shows the admin a pending invitation, and agents both teams to transfer to", async () => {
    const admin = callerFor(handle.db, recordingDispatcher(), await member(DEMO_LOGINS.admin.email));
    expect((await admin.invitations.list()).map((row) => row.email)).toEqual(["taylor@switchboard.local"]);
    const jordan = callerFor(handle.db, recordingDispatcher(), await member("jordan@switchboard.local"));
    const targets = await jordan.routing.transferTargets();
    expect(targets.teams.map((team) => team.name)).toEqual(["Billing", "Frontline"]);
  });
});
