import { asc, inArray } from "drizzle-orm";
import pino from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DatabaseHandle, Executor } from "@/db";
import { events } from "@/db/schema";
import { createPublishedMarker } from "@/server/services/outbox/published-marker";
import type { StoredEvent } from "@/server/services/outbox/record-event";
import { relayPendingEvents } from "@/server/services/outbox/relay-pending-events";
import { openTestDatabase } from "../support/database";
import { createWorkspace } from "../support/factories";

let handle: DatabaseHandle;
beforeAll(async () => {
  handle = await openTestDatabase();
});
afterAll(() => handle.close());

async function newEvents(count: number): Promise<number[]> {
  const ws = await createWorkspace(handle.db);
  const rows = await handle.db
    .insert(events)
    .values(Array.from({ length: count }, () => ({ workspaceId: ws.workspaceId, type: "test.event", payload: {} })))
    .returning({ id: events.id });
  return rows.map((row) => row.id);
}

const publishedOf = async (ids: number[]) =>
  (await handle.db.select().from(events).where(inArray(events.id, ids)).orderBy(asc(events.id))).map(
    (row) => row.publishedAt !== null,
  );

describe("marking events published in batches", () => {
  it("writes marks from many dispatches together, shortly after, and on flush", async () => {
    const ids = await newEvents(6);
    const marker = createPublishedMarker(handle.db, pino({ level: "silent" }), { delayMs: 10_000, maxBatch: 100 });
    marker.mark(ids.slice(0, 2));
    marker.mark(ids.slice(2, 5));
    expect(await publishedOf(ids)).toEqual([false, false, false, false, false, false]);
    await marker.flush();
    expect(await publishedOf(ids)).toEqual([true, true, true, true, true, false]);
  });

  it("writes at once when a batch is full, and by itself after the delay", async () => {
    const ids = await newEvents(4);
    const marker = createPublishedMarker(handle.db, pino({ level: "silent" }), { delayMs: 30, maxBatch: 2 });
    marker.mark(ids.slice(0, 2));
    marker.mark(ids.slice(2, 3));
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(await publishedOf(ids)).toEqual([true, true, true, false]);
  });
});

describe("marks while the database is slow", () => {
  it("sends marks made during a write together in the next one, and knows them as published until written", async () => {
    const ids = await newEvents(41);
    let updates = 0;
    const counting = new Proxy(handle.db, {
      get(target, property, receiver) {
        if (property === "update") updates++;
        return Reflect.get(target, property, receiver);
      },
    });
    const marker = createPublishedMarker(counting, pino({ level: "silent" }), { delayMs: 5, maxBatch: 500 });
    // Another transaction holds the first event's row, so the first mark's write waits for it.
    let release = () => {};
    const held = new Promise<void>((resolve) => (release = resolve));
    let locked = () => {};
    const lockTaken = new Promise<void>((resolve) => (locked = resolve));
    const holder = handle.db.transaction(async (tx) => {
      await tx
        .update(events)
        .set({ publishAttempts: 0 })
        .where(inArray(events.id, ids.slice(0, 1)));
      locked();
      await held;
    });
    await lockTaken;
    marker.mark(ids.slice(0, 1));
    await new Promise((resolve) => setTimeout(resolve, 50));
    for (const id of ids.slice(1)) {
      marker.mark([id]);
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    expect(ids.every((id) => marker.has(id))).toBe(true);
    release();
    await holder;
    await marker.flush();
    expect(updates).toBe(2);
    expect(await publishedOf(ids)).toEqual(ids.map(() => true));
    expect(ids.some((id) => marker.has(id))).toBe(false);
  });

  it("leaves the relay only events nobody here published", async () => {
    const ids = await newEvents(3);
    const marker = createPublishedMarker(handle.db, pino({ level: "silent" }), { delayMs: 60_000, maxBatch: 100 });
    marker.mark(ids.slice(0, 2));
    const relayed: number[] = [];
    const dispatcher = {
      // Other suites' events in a shared database are theirs to relay: this relay skips them too.
      publishedHere: (id: number) => marker.has(id) || !ids.includes(id),
      async dispatch(batch: StoredEvent[], via?: Executor) {
        relayed.push(...batch.map((event) => event.id));
        if (via) await via.update(events).set({ publishedAt: new Date() }).where(inArray(events.id, relayed));
      },
    };
    // The relay takes events strictly older than its cutoff; let the clock move past their creation.
    await new Promise((resolve) => setTimeout(resolve, 20));
    await relayPendingEvents(handle.db, dispatcher, { minAgeMs: 0, limit: 100_000 });
    expect(relayed).toEqual([ids[2]]);
    await marker.flush();
    expect(await publishedOf(ids)).toEqual([true, true, true]);
  });
});
