import { asc, inArray } from "drizzle-orm";
import pino from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DatabaseHandle } from "@/db";
import { events } from "@/db/schema";
import { createPublishedMarker } from "@/server/services/outbox/published-marker";
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
