import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, expect, it } from "vitest";
import type { DatabaseHandle } from "@/db";
import { contactIdentities, conversations } from "@/db/schema";
import { DEMO_USER, seedApiChannelDemo } from "@/db/seed-api-channel";
import { createApiInbox } from "../support/api-channel";
import { openTestDatabase } from "../support/database";
import { createWorkspace } from "../support/factories";

let handle: DatabaseHandle;
beforeAll(async () => {
  handle = await openTestDatabase();
});
afterAll(() => handle.close());

it("seeds Dana's conversations on the website and in the Mobile app inbox, on one contact", async () => {
  const ws = await createWorkspace(handle.db);
  const inbox = await createApiInbox(handle.db, ws);
  await seedApiChannelDemo(handle.db, {
    workspaceId: ws.workspaceId,
    widgetInboxId: ws.inboxId,
    apiInboxToken: inbox.publicToken,
  });
  const [dana] = await handle.db
    .select()
    .from(contactIdentities)
    .where(
      and(
        eq(contactIdentities.workspaceId, ws.workspaceId),
        eq(contactIdentities.kind, "external_id"),
        eq(contactIdentities.value, DEMO_USER.userId),
      ),
    );
  expect(dana?.verified).toBe(true);
  const threads = await handle.db.select().from(conversations).where(eq(conversations.contactId, dana!.contactId));
  expect(threads.map((thread) => thread.inboxId).sort()).toEqual([inbox!.id, ws.inboxId].sort());
});
