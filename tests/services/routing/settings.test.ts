import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DatabaseHandle } from "@/db";
import { auditLog, memberships, users } from "@/db/schema";
import type { RoutingRule } from "@/server/routing/rules";
import { callerFor } from "../../support/caller";
import { openTestDatabase } from "../../support/database";
import { createWorkspace, recordingDispatcher, type TestWorkspace } from "../../support/factories";
import { rejectionOf } from "../../support/trpc-error";

let handle: DatabaseHandle;
beforeAll(async () => {
  handle = await openTestDatabase();
});
afterAll(async () => {
  await handle.close();
});

async function withSupervisor(ws: TestWorkspace) {
  const [user] = await handle.db
    .insert(users)
    .values({ email: `sup-${ws.workspaceId}@example.test`, name: "Sue Pervisor", passwordHash: "x" })
    .returning();
  await handle.db.insert(memberships).values({ workspaceId: ws.workspaceId, userId: user!.id, role: "supervisor" });
  return {
    kind: "agent" as const,
    workspaceId: ws.workspaceId,
    userId: user!.id,
    role: "supervisor" as const,
    name: "Sue",
    email: "",
  };
}

const refundRule = (teamId: string): RoutingRule => ({
  id: "r_refund",
  name: "Refunds",
  enabled: true,
  conditions: [{ type: "text_contains", keywords: ["refund"] }],
  actions: [
    { type: "set_priority", priority: "urgent" },
    { type: "set_team", teamId },
  ],
});

describe("routing settings", () => {
  it("an admin builds a team, saves and tests a draft, publishes it, and every change is audited", async () => {
    const ws = await createWorkspace(handle.db);
    const admin = callerFor(handle.db, recordingDispatcher(), ws.admin);
    const { teamId } = await admin.routing.createTeam({
      name: "Billing",
      strategy: "least_busy",
      calendarId: null,
      memberIds: [ws.agent.userId],
    });
    await admin.routing.updateAgentProfile({
      userId: ws.agent.userId,
      skills: ["Billing", "billing", "ES"],
      capacity: 3,
    });
    await admin.routing.setInboxTeam({ inboxId: ws.inboxId, teamId });
    await admin.routing.saveDraft({ rules: [refundRule(teamId)] });

    const tested = await admin.routing.testRules({
      rules: [refundRule(teamId)],
      inboxId: ws.inboxId,
      text: "I want a REFUND",
    });
    expect(tested.matched.map((r) => r.name)).toEqual(["Refunds"]);
    expect(tested.team?.name).toBe("Billing");
    expect(tested.assignment?.summary).toMatch(/Waiting: no agent is online/);

    expect((await admin.routing.settings()).publishedRules).toEqual([]);
    await admin.routing.publish({});
    const settings = await admin.routing.settings();
    expect(settings.publishedRules.map((r) => r.name)).toEqual(["Refunds"]);
    expect(settings.draft).toBeNull();
    expect(settings.agents.find((a) => a.userId === ws.agent.userId)).toMatchObject({
      skills: ["billing", "es"],
      capacity: 3,
    });
    expect(settings.inboxes[0]?.defaultTeamId).toBe(teamId);

    const audit = await handle.db.select().from(auditLog).where(eq(auditLog.workspaceId, ws.workspaceId));
    expect(audit.map((entry) => entry.action).sort()).toEqual([
      "agent.routing_updated",
      "inbox.default_team_set",
      "routing_rules.draft_saved",
      "routing_rules.published",
      "team.created",
    ]);
  });

  it("refuses bad input with clear messages", async () => {
    const ws = await createWorkspace(handle.db);
    const admin = callerFor(handle.db, recordingDispatcher(), ws.admin);
    const badPattern = await rejectionOf(
      admin.routing.saveDraft({
        rules: [
          {
            id: "x",
            name: "Bad",
            enabled: true,
            conditions: [{ type: "text_matches", pattern: "(a)\\1" }],
            actions: [{ type: "stop" }],
          },
        ],
      }),
    );
    expect(badPattern).toMatchObject({ httpStatus: 400 });
    expect(badPattern.message).toMatch(/Invalid pattern/);
    const zone = await rejectionOf(
      admin.routing.saveCalendar({ name: "Office", timeZone: "Mars/Olympus", weekly: [], holidays: [] }),
    );
    expect(zone.message).toMatch(/Unknown time zone/);
    const hours = await rejectionOf(
      admin.routing.saveCalendar({
        name: "Office",
        timeZone: "UTC",
        weekly: [{ day: 1, open: "18:00", close: "09:00" }],
        holidays: [],
      }),
    );
    expect(hours.message).toMatch(/before closing/);
    const extra = await rejectionOf(
      admin.routing.updateAgentProfile({ userId: ws.agent.userId, skills: [], capacity: 2, role: "admin" } as never),
    );
    expect(extra.httpStatus).toBe(400);
    const duplicate = await rejectionOf(
      (async () => {
        await admin.routing.createTeam({ name: "Same", strategy: "manual", calendarId: null, memberIds: [] });
        await admin.routing.createTeam({ name: "Same", strategy: "manual", calendarId: null, memberIds: [] });
      })(),
    );
    expect(duplicate).toMatchObject({ httpStatus: 409 });
    // A hostile but valid pattern is accepted: it runs in linear time.
    await admin.routing.saveDraft({
      rules: [
        {
          id: "h",
          name: "Hostile",
          enabled: true,
          conditions: [{ type: "text_matches", pattern: "^(a+)+$" }],
          actions: [{ type: "stop" }],
        },
      ],
    });
  });

  it("lets supervisors read, test and replay but not change; agents see nothing", async () => {
    const ws = await createWorkspace(handle.db);
    const supervisor = callerFor(handle.db, recordingDispatcher(), await withSupervisor(ws));
    const agent = callerFor(handle.db, recordingDispatcher(), ws.agent);
    await supervisor.routing.settings();
    await supervisor.routing.testRules({ inboxId: ws.inboxId, text: "hi" });
    expect((await supervisor.routing.replay({ rules: [], days: 7, limit: 10 })).changed).toBe(0);
    expect(
      (
        await rejectionOf(
          supervisor.routing.createTeam({ name: "T", strategy: "manual", calendarId: null, memberIds: [] }),
        )
      ).httpStatus,
    ).toBe(403);
    expect((await rejectionOf(agent.routing.settings())).httpStatus).toBe(403);
    expect((await rejectionOf(agent.routing.testRules({ inboxId: ws.inboxId, text: "hi" }))).httpStatus).toBe(403);
    // Every agent sets their own availability.
    expect(await agent.routing.setAvailability({ availability: "online" })).toMatchObject({ availability: "online" });
    expect(await agent.routing.myAvailability()).toEqual({ availability: "online" });
  });

  it("never reads or writes another workspace's routing", async () => {
    const ws = await createWorkspace(handle.db);
    const theirs = await createWorkspace(handle.db);
    const admin = callerFor(handle.db, recordingDispatcher(), ws.admin);
    const theirAdmin = callerFor(handle.db, recordingDispatcher(), theirs.admin);
    const { teamId: theirTeam } = await theirAdmin.routing.createTeam({
      name: "Theirs",
      strategy: "manual",
      calendarId: null,
      memberIds: [],
    });
    const { calendarId: theirCalendar } = await theirAdmin.routing.saveCalendar({
      name: "Theirs",
      timeZone: "UTC",
      weekly: [],
      holidays: [],
    });

    const attempts = [
      () =>
        admin.routing.updateTeam({
          teamId: theirTeam,
          name: "Mine now",
          strategy: "manual",
          calendarId: null,
          memberIds: [],
        }),
      () =>
        admin.routing.createTeam({
          name: "Mine",
          strategy: "manual",
          calendarId: null,
          memberIds: [theirs.agent.userId],
        }),
      () => admin.routing.createTeam({ name: "Mine2", strategy: "manual", calendarId: theirCalendar, memberIds: [] }),
      () =>
        admin.routing.saveCalendar({
          calendarId: theirCalendar,
          name: "Mine",
          timeZone: "UTC",
          weekly: [],
          holidays: [],
        }),
      () => admin.routing.setInboxTeam({ inboxId: theirs.inboxId, teamId: null }),
      () => admin.routing.setInboxTeam({ inboxId: ws.inboxId, teamId: theirTeam }),
      () => admin.routing.saveDraft({ rules: [refundRule(theirTeam)] }),
      () => admin.routing.updateAgentProfile({ userId: theirs.agent.userId, skills: [], capacity: 1 }),
      () => admin.routing.testRules({ inboxId: theirs.inboxId, text: "hi" }),
    ];
    // One at a time: each call starts only when awaited.
    for (const attempt of attempts) {
      expect([400, 404]).toContain((await rejectionOf(attempt())).httpStatus);
    }
    const mine = await admin.routing.settings();
    expect(mine.teams.map((t) => t.name)).toEqual([]);
    expect(mine.calendars).toEqual([]);
    expect(mine.agents.map((a) => a.userId).sort()).toEqual([ws.agent.userId, ws.admin.userId].sort());
    const theirSettings = await theirAdmin.routing.settings();
    expect(theirSettings.teams.map((t) => t.name)).toEqual(["Theirs"]);
  });
});
