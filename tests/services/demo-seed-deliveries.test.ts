import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDatabase, type DatabaseHandle } from "@/db";
import { inboxes, workspaces } from "@/db/schema";
import { DEMO_API_TOKEN, seedDemoWorkspace } from "@/db/seed";
import { listFailedDeliveries } from "@/server/services/delivery/list-failed-deliveries";
import { listMessages } from "@/server/services/message/list-messages";

// The seed only fills an empty database, so this runs on its own embedded one.
let handle: DatabaseHandle;
beforeAll(async () => {
  handle = await openDatabase({ driver: "pglite", dataDir: "memory" });
});
afterAll(() => handle.close());

describe("the demo workspace", () => {
  it("has an API inbox with a callback and a dead delivery to replay", async () => {
    await seedDemoWorkspace(handle.db, { callbackUrl: "https://hooks.example.com/switchboard" });
    const [workspace] = await handle.db.select().from(workspaces);
    const [inbox] = await handle.db.select().from(inboxes).where(eq(inboxes.publicToken, DEMO_API_TOKEN));
    expect(inbox).toMatchObject({ channelType: "api", callbackUrl: "https://hooks.example.com/switchboard" });
    expect(inbox?.webhookSecret).toMatch(/^whsec_[A-Za-z0-9+/=]{40,}$/);

    const failed = await listFailedDeliveries(handle.db, workspace!.id, { limit: 100 });
    expect(failed).toEqual([expect.objectContaining({ state: "dead", lastError: "HTTP 503: upstream unavailable" })]);
    const page = await listMessages(
      handle.db,
      { workspaceId: workspace!.id, includeNotes: true },
      { conversationId: failed[0]!.message.conversationId, limit: 50 },
    );
    expect(page.messages.at(-1)).toMatchObject({
      deliveryStatus: "failed",
      deliveryError: "HTTP 503: upstream unavailable",
    });
  });
});
