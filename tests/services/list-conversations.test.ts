import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DatabaseHandle } from "@/db";
import {
  conversations,
  inboxes,
  teamMembers,
  teams,
  type ConversationPriority,
  type ConversationStatus,
} from "@/db/schema";
import { newToken } from "@/server/ids";
import { sendWidgetMessage } from "@/server/services/widget/send-widget-message";
import { startWidgetSession } from "@/server/services/widget/start-widget-session";
import { callerFor } from "../support/caller";
import { openTestDatabase } from "../support/database";
import {
  clientId,
  createWorkspace,
  recordingDispatcher,
  testRequester,
  widgetContext,
  type TestWorkspace,
} from "../support/factories";
import { expectFailure } from "../support/trpc-error";

let handle: DatabaseHandle;

beforeAll(async () => {
  handle = await openTestDatabase();
});
afterAll(() => handle.close());

const BASE = Date.UTC(2025, 0, 15, 9, 0, 0);
const minutes = (n: number) => new Date(BASE + n * 60_000);

type Shape = {
  priority?: ConversationPriority;
  status?: ConversationStatus;
  assigneeId?: string | null;
  lastActivityAt?: Date;
  slaDueAt?: Date | null;
  teamId?: string | null;
  inboxToken?: string;
};

/** A real conversation (a visitor's first message), then the triage fields an agent would have set. */
async function conversation(ws: TestWorkspace, shape: Shape = {}): Promise<string> {
  const db = handle.db;
  const inboxToken = shape.inboxToken ?? ws.inboxToken;
  const { visitorToken } = await startWidgetSession(widgetContext({ db }), testRequester(), { inboxToken });
  const sent = await sendWidgetMessage(widgetContext({ db, dispatcher: recordingDispatcher() }), testRequester(), {
    inboxToken,
    visitorToken,
    body: "Help",
    clientMessageId: clientId(),
  });
  await db
    .update(conversations)
    .set({
      priority: shape.priority ?? "normal",
      status: shape.status ?? "open",
      assigneeId: shape.assigneeId ?? null,
      lastActivityAt: shape.lastActivityAt ?? minutes(0),
      slaDueAt: shape.slaDueAt ?? null,
      teamId: shape.teamId ?? null,
    })
    .where(eq(conversations.id, sent.conversationId));
  return sent.conversationId;
}

async function secondInbox(ws: TestWorkspace) {
  const token = `inb_${newToken(12)}`;
  const [inbox] = await handle.db
    .insert(inboxes)
    .values({ workspaceId: ws.workspaceId, channelType: "web_widget", name: "Pricing page", publicToken: token })
    .returning();
  if (!inbox) throw new Error("no inbox");
  return { inboxId: inbox.id, inboxToken: token };
}

function agentCaller(ws: TestWorkspace) {
  return callerFor(handle.db, recordingDispatcher(), ws.agent);
}

describe("conversations.list", () => {
  it("orders by triage: urgent, high, normal, low, then most recent activity first", async () => {
    const ws = await createWorkspace(handle.db);
    const ids = {
      lowNewest: await conversation(ws, { priority: "low", lastActivityAt: minutes(7) }),
      urgentOld: await conversation(ws, { priority: "urgent", lastActivityAt: minutes(1) }),
      normalNew: await conversation(ws, { priority: "normal", lastActivityAt: minutes(5) }),
      highOld: await conversation(ws, { priority: "high", lastActivityAt: minutes(2) }),
      urgentNew: await conversation(ws, { priority: "urgent", lastActivityAt: minutes(6) }),
      normalOld: await conversation(ws, { priority: "normal", lastActivityAt: minutes(3) }),
      highNew: await conversation(ws, { priority: "high", lastActivityAt: minutes(4) }),
    };

    const { items, nextCursor } = await agentCaller(ws).conversations.list({});

    expect(items.map((item) => item.id)).toEqual([
      ids.urgentNew,
      ids.urgentOld,
      ids.highNew,
      ids.highOld,
      ids.normalNew,
      ids.normalOld,
      ids.lowNewest,
    ]);
    expect(items.map((item) => item.priority)).toEqual(["urgent", "urgent", "high", "high", "normal", "normal", "low"]);
    expect(nextCursor).toBeNull();
    expect(items[0]).toMatchObject({
      status: "open",
      lastSeq: 1,
      lastMessagePreview: "Help",
      inbox: { id: ws.inboxId, channelType: "web_widget" },
      lastActivityAt: minutes(6).toISOString(),
    });
  });

  it("filters by status, assignee, inbox and priority", async () => {
    const ws = await createWorkspace(handle.db);
    const pricing = await secondInbox(ws);
    const ids = {
      openMine: await conversation(ws, { assigneeId: ws.agent.userId, priority: "high", lastActivityAt: minutes(1) }),
      openAdmins: await conversation(ws, { assigneeId: ws.admin.userId, lastActivityAt: minutes(2) }),
      openUnassigned: await conversation(ws, { lastActivityAt: minutes(3) }),
      openPricing: await conversation(ws, {
        inboxToken: pricing.inboxToken,
        priority: "high",
        lastActivityAt: minutes(4),
      }),
      pendingMine: await conversation(ws, {
        status: "pending",
        assigneeId: ws.agent.userId,
        lastActivityAt: minutes(5),
      }),
      resolved: await conversation(ws, { status: "resolved", lastActivityAt: minutes(6) }),
    };
    const caller = agentCaller(ws);
    const list = async (input: Parameters<typeof caller.conversations.list>[0]) =>
      new Set((await caller.conversations.list(input)).items.map((item) => item.id));

    expect(await list({})).toEqual(new Set([ids.openMine, ids.openAdmins, ids.openUnassigned, ids.openPricing]));
    expect(await list({ status: "pending" })).toEqual(new Set([ids.pendingMine]));
    expect(await list({ status: "resolved" })).toEqual(new Set([ids.resolved]));
    expect(await list({ status: "all" })).toEqual(new Set(Object.values(ids)));

    expect(await list({ assignee: "me" })).toEqual(new Set([ids.openMine]));
    expect(await list({ status: "all", assignee: "me" })).toEqual(new Set([ids.openMine, ids.pendingMine]));
    expect(await list({ assignee: "unassigned" })).toEqual(new Set([ids.openUnassigned, ids.openPricing]));
    expect(await list({ assignee: ws.admin.userId })).toEqual(new Set([ids.openAdmins]));
    expect(await list({ assignee: "any" })).toEqual(await list({}));

    expect(await list({ inboxId: pricing.inboxId })).toEqual(new Set([ids.openPricing]));
    expect(await list({ status: "all", inboxId: ws.inboxId })).toEqual(
      new Set(Object.values(ids).filter((id) => id !== ids.openPricing)),
    );

    expect(await list({ priority: "high" })).toEqual(new Set([ids.openMine, ids.openPricing]));
    expect(await list({ priority: "high", inboxId: pricing.inboxId })).toEqual(new Set([ids.openPricing]));
    expect(await list({ priority: "urgent" })).toEqual(new Set());
  });

  it("pages with a cursor, returning every conversation exactly once and in the same order as one big page", async () => {
    const ws = await createWorkspace(handle.db);
    const priorities: ConversationPriority[] = ["urgent", "high", "normal", "low"];
    const created: string[] = [];
    for (let i = 0; i < 23; i++) {
      // Pairs share a timestamp, so the id tiebreaker is exercised at page boundaries too.
      created.push(
        await conversation(ws, {
          priority: priorities[i % priorities.length],
          lastActivityAt: minutes(Math.floor(i / 2)),
        }),
      );
    }
    const caller = agentCaller(ws);
    const all = await caller.conversations.list({ limit: 100 });
    expect(all.items).toHaveLength(23);
    expect(all.nextCursor).toBeNull();

    for (const limit of [1, 4, 5, 22, 23]) {
      const seen: string[] = [];
      let cursor: string | undefined;
      let pages = 0;
      do {
        const page = await caller.conversations.list({ limit, cursor });
        expect(page.items.length).toBeLessThanOrEqual(limit);
        seen.push(...page.items.map((item) => item.id));
        cursor = page.nextCursor ?? undefined;
        pages++;
      } while (cursor && pages < 50);
      expect(seen, `limit ${limit}`).toEqual(all.items.map((item) => item.id));
      expect(new Set(seen).size).toBe(23);
      expect(pages).toBe(Math.ceil(23 / limit));
    }
    expect(new Set(all.items.map((item) => item.id))).toEqual(new Set(created));
  });

  it("orders by SLA due within a priority and pages through mixed SLA and no-SLA rows exactly once", async () => {
    const ws = await createWorkspace(handle.db);
    const created: { id: string; due: number | null; priority: ConversationPriority; activity: number }[] = [];
    for (let i = 0; i < 17; i++) {
      const due = i % 3 === 0 ? null : (i * 7) % 5;
      const priority: ConversationPriority = i % 4 === 0 ? "high" : "normal";
      const activity = Math.floor(i / 2);
      const id = await conversation(ws, {
        priority,
        slaDueAt: due === null ? null : minutes(100 + due),
        lastActivityAt: minutes(activity),
      });
      created.push({ id, due, priority, activity });
    }
    const caller = agentCaller(ws);
    const all = (await caller.conversations.list({ limit: 100 })).items;
    const rank = { urgent: 0, high: 1, normal: 2, low: 3 };
    const expected = [...created].sort(
      (a, b) =>
        rank[a.priority] - rank[b.priority] ||
        (a.due ?? Infinity) - (b.due ?? Infinity) ||
        b.activity - a.activity ||
        (a.id < b.id ? 1 : -1),
    );
    expect(all.map((item) => item.id)).toEqual(expected.map((item) => item.id));
    for (const limit of [1, 2, 5]) {
      const seen: string[] = [];
      let cursor: string | undefined;
      do {
        const page = await caller.conversations.list({ limit, cursor });
        seen.push(...page.items.map((item) => item.id));
        cursor = page.nextCursor ?? undefined;
      } while (cursor);
      expect(seen, `limit ${limit}`).toEqual(expected.map((item) => item.id));
    }
  });

  it("shows only the agent's teams in the My teams view", async () => {
    const ws = await createWorkspace(handle.db);
    const [billing] = await handle.db
      .insert(teams)
      .values({ workspaceId: ws.workspaceId, name: "Billing" })
      .returning();
    const [sales] = await handle.db.insert(teams).values({ workspaceId: ws.workspaceId, name: "Sales" }).returning();
    await handle.db
      .insert(teamMembers)
      .values({ workspaceId: ws.workspaceId, teamId: billing!.id, userId: ws.agent.userId });
    const mine = await conversation(ws, { teamId: billing!.id });
    await conversation(ws, { teamId: sales!.id });
    await conversation(ws);
    const page = await agentCaller(ws).conversations.list({ team: "mine" });
    expect(page.items.map((item) => item.id)).toEqual([mine]);
  });

  it("pages correctly with filters applied", async () => {
    const ws = await createWorkspace(handle.db);
    const mine: string[] = [];
    for (let i = 0; i < 7; i++) {
      const assigneeId = i % 2 === 0 ? ws.agent.userId : null;
      const id = await conversation(ws, { assigneeId, priority: i < 3 ? "high" : "low", lastActivityAt: minutes(i) });
      if (assigneeId) mine.push(id);
    }
    const caller = agentCaller(ws);
    const first = await caller.conversations.list({ assignee: "me", limit: 2 });
    const second = await caller.conversations.list({ assignee: "me", limit: 2, cursor: first.nextCursor ?? undefined });
    expect(second.nextCursor).toBeNull();
    const seen = [...first.items, ...second.items].map((item) => item.id);
    expect(new Set(seen)).toEqual(new Set(mine));
    expect(seen).toHaveLength(mine.length);
  });

  it("rejects a malformed cursor with BAD_REQUEST and a human message", async () => {
    const ws = await createWorkspace(handle.db);
    await conversation(ws);
    const caller = agentCaller(ws);
    const encode = (value: unknown) => Buffer.from(JSON.stringify(value)).toString("base64url");
    const malformed = [
      "not-a-cursor",
      "!!!",
      encode({ p: "urgent" }),
      encode({ p: "critical", t: minutes(0).toISOString(), id: "cnv_x" }),
      encode({ p: "high", t: "yesterday", id: "cnv_x" }),
      encode(["urgent", minutes(0).toISOString(), "cnv_x"]),
      Buffer.from("{not json").toString("base64url"),
    ];
    for (const cursor of malformed) {
      await expectFailure(
        caller.conversations.list({ cursor }),
        "BAD_REQUEST",
        "The list cursor is not valid; reload the list",
      );
    }
    await expectFailure(caller.conversations.list({ cursor: "x".repeat(201) }), "BAD_REQUEST");
  });
});
