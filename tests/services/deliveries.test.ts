import { eq, sql } from "drizzle-orm";
import pino from "pino";
import { Webhook } from "standardwebhooks";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DatabaseHandle } from "@/db";
import { auditLog, deliveries, inboxes } from "@/db/schema";
import { outboundChannels } from "@/server/channels/outbound";
import { newToken } from "@/server/ids";
import { enqueueDeliverMessage, startJobQueue, type JobQueue } from "@/server/jobs/queue";
import { callerFor } from "../support/caller";
import { apiConversation, callbackReceiver, TEST_WEBHOOK_SECRET } from "../support/callbacks";
import { openTestDatabase } from "../support/database";
import { clientId, createWorkspace, recordingDispatcher } from "../support/factories";
import { rejectionOf } from "../support/trpc-error";

let handle: DatabaseHandle;
let queue: JobQueue;
const dispatcher = recordingDispatcher();

beforeAll(async () => {
  handle = await openTestDatabase();
  queue = await startJobQueue(
    { db: handle.db, dispatcher },
    {
      // Its own schema: test files share one PostgreSQL database and must not take each other's jobs.
      schema: `jobs_${newToken(6)
        .toLowerCase()
        .replace(/[^a-z0-9]/g, "")}`,
      retries: { retryLimit: 2, retryDelaySeconds: 1, expireInSeconds: 30 },
      pollingIntervalSeconds: 0.5,
      maintenanceIntervalSeconds: 1,
      log: pino({ level: "silent" }),
      outbound: outboundChannels({ allowLoopback: true, callbackTimeoutSeconds: 5 }),
    },
  );
});
afterAll(async () => {
  await queue.stop();
  await handle.close();
});

async function eventually<T>(probe: () => Promise<T | undefined | null | false>, seconds = 15): Promise<T> {
  const deadline = Date.now() + seconds * 1000;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error("condition not reached in time");
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

async function apiSetup(callbackUrl: string | null) {
  const db = handle.db;
  const ws = await createWorkspace(db);
  const conversation = await apiConversation(db, ws, callbackUrl);
  const agent = callerFor(db, dispatcher, ws.agent);
  const admin = callerFor(db, dispatcher, ws.admin);
  const messageStatus = async (messageId: string) => {
    const page = await agent.messages.list({ conversationId: conversation.conversationId });
    return page.messages.find((m) => m.id === messageId);
  };
  return { db, ws, agent, admin, ...conversation, messageStatus };
}

const deliveryOf = async (messageId: string) =>
  (await handle.db.select().from(deliveries).where(eq(deliveries.messageId, messageId)))[0];

describe("callback deliveries", () => {
  it("retries a failing callback and delivers the reply once, signed, with the same webhook-id", async () => {
    const receiver = await callbackReceiver([500, 500, 200]);
    try {
      const { agent, conversationId, messageStatus } = await apiSetup(receiver.url);
      const reply = await agent.messages.send({ conversationId, body: "We shipped it", clientMessageId: clientId() });
      expect(reply.message.deliveryStatus).toBe("queued");

      const sent = await eventually(async () => {
        const message = await messageStatus(reply.message.id);
        return message?.deliveryStatus === "sent" ? message : null;
      });
      expect(sent.deliveryError).toBeNull();
      expect(receiver.received).toHaveLength(3);
      const ids = new Set(receiver.received.map((r) => r.headers["webhook-id"]));
      expect(ids.size).toBe(1);
      expect(receiver.stored.size).toBe(1);
      const delivery = await deliveryOf(reply.message.id);
      expect(delivery).toMatchObject({ state: "sent", attempts: 3, lastError: null });
      expect([...ids][0]).toBe(delivery?.id);

      const last = receiver.received.at(-1)!;
      const verified = new Webhook(TEST_WEBHOOK_SECRET).verify(last.body, {
        "webhook-id": String(last.headers["webhook-id"]),
        "webhook-timestamp": String(last.headers["webhook-timestamp"]),
        "webhook-signature": String(last.headers["webhook-signature"]),
      });
      expect(verified).toMatchObject({
        type: "message.created",
        data: { messageId: reply.message.id, body: "We shipped it" },
      });
      expect(() =>
        new Webhook(TEST_WEBHOOK_SECRET).verify(last.body.replace("shipped", "shopped"), {
          "webhook-id": String(last.headers["webhook-id"]),
          "webhook-timestamp": String(last.headers["webhook-timestamp"]),
          "webhook-signature": String(last.headers["webhook-signature"]),
        }),
      ).toThrow();

      const updates = dispatcher.dispatched.filter(
        (e) => e.type === "message.updated" && (e.payload.message as { id: string }).id === reply.message.id,
      );
      expect(updates.map((e) => (e.payload.message as { deliveryStatus: string }).deliveryStatus)).toEqual(["sent"]);
    } finally {
      await receiver.close();
    }
  });

  it("fails a reply the callback refuses with 4xx at once, with the reason in the message", async () => {
    const receiver = await callbackReceiver([422]);
    try {
      const { agent, conversationId, messageStatus } = await apiSetup(receiver.url);
      const reply = await agent.messages.send({ conversationId, body: "Hello", clientMessageId: clientId() });
      const failed = await eventually(async () => {
        const message = await messageStatus(reply.message.id);
        return message?.deliveryStatus === "failed" ? message : null;
      });
      expect(failed.deliveryError).toBe("HTTP 422: refused with 422");
      expect(receiver.received).toHaveLength(1);
      expect(await deliveryOf(reply.message.id)).toMatchObject({ state: "failed", attempts: 1 });
    } finally {
      await receiver.close();
    }
  });

  it("keeps private notes and non-API inboxes out of the queue", async () => {
    const receiver = await callbackReceiver([200]);
    try {
      const { agent, conversationId } = await apiSetup(receiver.url);
      const note = await agent.messages.send({
        conversationId,
        body: "internal",
        private: true,
        clientMessageId: clientId(),
      });
      expect(note.message.deliveryStatus).toBe("sent");
      expect(await deliveryOf(note.message.id)).toBeUndefined();
      const noUrl = await apiSetup(null);
      const reply = await noUrl.agent.messages.send({
        conversationId: noUrl.conversationId,
        body: "no callback",
        clientMessageId: clientId(),
      });
      expect(await deliveryOf(reply.message.id)).toBeUndefined();
      expect(receiver.received).toHaveLength(0);
    } finally {
      await receiver.close();
    }
  });

  it("drains a burst of replies in batches instead of one per polling interval", async () => {
    const receiver = await callbackReceiver([200]);
    try {
      const { agent, conversationId } = await apiSetup(receiver.url);
      const started = Date.now();
      for (let i = 0; i < 25; i++) {
        await agent.messages.send({ conversationId, body: `Burst ${i}`, clientMessageId: clientId() });
      }
      await eventually(async () => receiver.stored.size === 25, 12);
      // One job per 0.5 s poll would need 12.5 s.
      expect(Date.now() - started).toBeLessThan(9000);
      expect(receiver.received).toHaveLength(25);
    } finally {
      await receiver.close();
    }
  });

  it("stores one delivery when the same client message id is sent twice", async () => {
    const receiver = await callbackReceiver([200]);
    try {
      const { agent, conversationId } = await apiSetup(receiver.url);
      const id = clientId();
      const [a, b] = await Promise.all([
        agent.messages.send({ conversationId, body: "once", clientMessageId: id }),
        agent.messages.send({ conversationId, body: "once", clientMessageId: id }),
      ]);
      expect(a.message.id).toBe(b.message.id);
      await eventually(async () => (await deliveryOf(a.message.id))?.state === "sent");
      const rows = await handle.db.select().from(deliveries).where(eq(deliveries.messageId, a.message.id));
      expect(rows).toHaveLength(1);
      expect(receiver.received).toHaveLength(1);
    } finally {
      await receiver.close();
    }
  });

  it("marks a delivery dead when retries run out, and an admin's replay delivers it with the same id", async () => {
    const receiver = await callbackReceiver([503, 503, 503, 200]);
    try {
      const { db, ws, agent, admin, conversationId, messageStatus } = await apiSetup(receiver.url);
      const reply = await agent.messages.send({ conversationId, body: "Try later", clientMessageId: clientId() });
      const dead = await eventually(async () => {
        const delivery = await deliveryOf(reply.message.id);
        return delivery?.state === "dead" ? delivery : null;
      });
      expect(dead).toMatchObject({ attempts: 3, lastError: "HTTP 503: refused with 503" });
      expect(await messageStatus(reply.message.id)).toMatchObject({
        deliveryStatus: "failed",
        deliveryError: "HTTP 503: refused with 503",
      });

      const listed = await admin.deliveries.listFailed({});
      expect(listed).toEqual([
        expect.objectContaining({
          id: dead.id,
          state: "dead",
          attempts: 3,
          message: expect.objectContaining({ conversationId }),
        }),
      ]);

      await admin.deliveries.replay({ deliveryId: dead.id });
      expect(await rejectionOf(admin.deliveries.replay({ deliveryId: dead.id }))).toMatchObject({ code: "CONFLICT" });
      await eventually(async () => (await messageStatus(reply.message.id))?.deliveryStatus === "sent");
      expect(receiver.stored.size).toBe(1);
      expect(new Set(receiver.received.map((r) => r.headers["webhook-id"]))).toEqual(new Set([dead.id]));
      expect(await admin.deliveries.listFailed({})).toEqual([]);
      const audit = await db.select().from(auditLog).where(eq(auditLog.targetId, dead.id));
      expect(audit).toEqual([
        expect.objectContaining({
          workspaceId: ws.workspaceId,
          actorUserId: ws.admin.userId,
          action: "delivery.replayed",
        }),
      ]);
    } finally {
      await receiver.close();
    }
  });
});

describe("enqueueing", () => {
  const jobsFor = async (deliveryId: string) => {
    const result = await handle.db.execute(
      sql.raw(`select count(*)::int as n from ${queue.schema}.job where data->>'deliveryId' = '${deliveryId}'`),
    );
    const rows = Array.isArray(result) ? result : (result as { rows: { n: number }[] }).rows;
    return Number((rows[0] as { n: number }).n);
  };

  it("is part of the caller's transaction: a rollback leaves no job, a commit leaves one", async () => {
    const ws = await createWorkspace(handle.db);
    const rolledBack = `dlv_rollback_${newToken(6)}`;
    await expect(
      handle.db.transaction(async (tx) => {
        await enqueueDeliverMessage(tx, { workspaceId: ws.workspaceId, deliveryId: rolledBack });
        throw new Error("the message insert failed");
      }),
    ).rejects.toThrow("the message insert failed");
    expect(await jobsFor(rolledBack)).toBe(0);

    const committed = `dlv_commit_${newToken(6)}`;
    await handle.db.transaction((tx) =>
      enqueueDeliverMessage(tx, { workspaceId: ws.workspaceId, deliveryId: committed }),
    );
    expect(await jobsFor(committed)).toBe(1);
  });

  it("stores no delivery and no job when the reply cannot be stored", async () => {
    const receiver = await callbackReceiver([200]);
    try {
      const { agent, conversationId } = await apiSetup(receiver.url);
      const before = await handle.db.select().from(deliveries);
      const oversized = await rejectionOf(
        agent.messages.send({ conversationId, body: "x".repeat(100_000), clientMessageId: clientId() }),
      );
      expect(oversized.code).toBe("BAD_REQUEST");
      const other = await apiSetup(receiver.url);
      const foreign = await rejectionOf(
        other.agent.messages.send({ conversationId, body: "not yours", clientMessageId: clientId() }),
      );
      expect(foreign.code).toBe("NOT_FOUND");
      expect(await handle.db.select().from(deliveries)).toHaveLength(before.length);
      expect(receiver.received).toHaveLength(0);
    } finally {
      await receiver.close();
    }
  });
});

describe("deliveries admin procedures", () => {
  async function failedDelivery() {
    const receiver = await callbackReceiver([404]);
    try {
      const setup = await apiSetup(receiver.url);
      const reply = await setup.agent.messages.send({
        conversationId: setup.conversationId,
        body: "Lost",
        clientMessageId: clientId(),
      });
      const delivery = await eventually(async () => {
        const row = await deliveryOf(reply.message.id);
        return row?.state === "failed" ? row : null;
      });
      return { ...setup, delivery };
    } finally {
      await receiver.close();
    }
  }

  it("keeps each workspace's deliveries to itself", async () => {
    const mine = await failedDelivery();
    const other = await apiSetup(null);
    expect(await other.admin.deliveries.listFailed({})).toEqual([]);
    expect(await rejectionOf(other.admin.deliveries.replay({ deliveryId: mine.delivery.id }))).toMatchObject({
      code: "NOT_FOUND",
    });
    expect(await mine.admin.deliveries.listFailed({})).toEqual([
      expect.objectContaining({ id: mine.delivery.id, state: "failed", lastError: "HTTP 404: refused with 404" }),
    ]);
    expect(await deliveryOf(mine.delivery.messageId)).toMatchObject({ state: "failed" });
  });

  it("lets only admins list and replay", async () => {
    const { db, ws, agent, delivery } = await failedDelivery();
    const supervisor = callerFor(db, dispatcher, { ...ws.agent, role: "supervisor" });
    for (const caller of [agent, supervisor]) {
      expect(await rejectionOf(caller.deliveries.listFailed({}))).toMatchObject({ code: "FORBIDDEN" });
      expect(await rejectionOf(caller.deliveries.replay({ deliveryId: delivery.id }))).toMatchObject({
        code: "FORBIDDEN",
      });
    }
    const anonymous = callerFor(db, dispatcher, null);
    expect(await rejectionOf(anonymous.deliveries.listFailed({}))).toMatchObject({ code: "UNAUTHORIZED" });
    expect(await deliveryOf(delivery.messageId)).toMatchObject({ state: "failed" });
  });

  it("answers malformed input with 400, never 500", async () => {
    const { admin } = await apiSetup(null);
    const hostile: unknown[] = [
      { deliveryId: "" },
      { deliveryId: "x".repeat(10_000) },
      { deliveryId: 42 },
      { deliveryId: "dlv_1", extra: true },
      {},
    ];
    for (const input of hostile) {
      expect(
        await rejectionOf(admin.deliveries.replay(input as { deliveryId: string })),
        JSON.stringify(input).slice(0, 60),
      ).toMatchObject({ code: "BAD_REQUEST" });
    }
    expect(await rejectionOf(admin.deliveries.listFailed({ limit: 100_000 }))).toMatchObject({ code: "BAD_REQUEST" });
    expect(await rejectionOf(admin.deliveries.replay({ deliveryId: "dlv_doesnotexist" }))).toMatchObject({
      code: "NOT_FOUND",
    });
  });

  it("replays once when two admins press Replay at the same time", async () => {
    const receiver = await callbackReceiver([200]);
    try {
      const { admin, delivery } = await failedDelivery();
      await handle.db.update(deliveries).set({ state: "dead" }).where(eq(deliveries.id, delivery.id));
      await handle.db.update(inboxes).set({ callbackUrl: receiver.url }).where(eq(inboxes.id, delivery.inboxId));
      const results = await Promise.allSettled([
        admin.deliveries.replay({ deliveryId: delivery.id }),
        admin.deliveries.replay({ deliveryId: delivery.id }),
      ]);
      expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
      await eventually(async () => (await deliveryOf(delivery.messageId))?.state === "sent");
      await new Promise((resolve) => setTimeout(resolve, 1000));
      expect(receiver.received).toHaveLength(1);
      const audit = await handle.db.select().from(auditLog).where(eq(auditLog.targetId, delivery.id));
      expect(audit).toHaveLength(1);
    } finally {
      await receiver.close();
    }
  });
});
