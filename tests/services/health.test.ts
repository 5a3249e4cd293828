import { afterAll, beforeAll, expect, it } from "vitest";
import type { DatabaseHandle } from "@/db";
import { events } from "@/db/schema";
import { checkHealth } from "@/server/services/system/check-health";
import { openTestDatabase } from "../support/database";
import { createWorkspace } from "../support/factories";

let handle: DatabaseHandle;
beforeAll(async () => {
  handle = await openTestDatabase();
});
afterAll(() => handle.close());

it("reports a stale unpublished event as degraded, and a closed database as down", async () => {
  const ws = await createWorkspace(handle.db);
  const before = await checkHealth(handle.db);
  expect(before.database).toBe("ok");

  await handle.db.insert(events).values({
    workspaceId: ws.workspaceId,
    type: "conversation.updated",
    conversationId: null,
    payload: { status: "open" },
    createdAt: new Date(Date.now() - 120_000),
  });
  const after = await checkHealth(handle.db);
  expect(after.status).toBe("degraded");
  expect(after.unpublishedEvents).toBeGreaterThanOrEqual(1);

  const closed = await openTestDatabase();
  await closed.close();
  expect(await checkHealth(closed.db)).toEqual({ status: "down", database: "down", unpublishedEvents: null });
});
