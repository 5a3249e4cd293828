import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDatabase, type DatabaseHandle } from "@/db";
import { memberships, users } from "@/db/schema";
import { DEMO_API_TOKEN, DEMO_IDENTITY_SECRET, DEMO_LOGINS, DEMO_WIDGET_TOKEN, seedDemoWorkspace } from "@/db/seed";
import { callerFor } from "../support/caller";
import { recordingDispatcher } from "../support/factories";

// The demo is seeded into an empty database only, so this suite has a fresh one of its own.
let handle: DatabaseHandle;

beforeAll(async () => {
  handle = await openDatabase({ driver: "pglite", dataDir: "memory" });
  await seedDemoWorkspace(handle.db);
});
afterAll(() => handle.close());

describe("the demo workspace's inboxes", () => {
  it("has the website chat with the documented identity secret and a Mobile app API inbox", async () => {
    const [admin] = await handle.db
      .select({ userId: users.id, workspaceId: memberships.workspaceId, name: users.name, email: users.email })
      .from(users)
      .innerJoin(memberships, eq(memberships.userId, users.id))
      .where(eq(users.email, DEMO_LOGINS.admin.email));
    const caller = callerFor(handle.db, recordingDispatcher(), { kind: "agent", role: "admin", ...admin! });
    const inboxes = await caller.inboxes.list();
    expect(inboxes.map((inbox) => [inbox.name, inbox.channelType, inbox.publicToken])).toEqual([
      ["Website chat", "web_widget", DEMO_WIDGET_TOKEN],
      ["Mobile app", "api", DEMO_API_TOKEN],
    ]);
    expect(inboxes.every((inbox) => inbox.identitySecret.set)).toBe(true);
    expect(inboxes[1]!.webhookSecret?.set).toBe(true);
    expect(JSON.stringify(inboxes)).not.toContain(DEMO_IDENTITY_SECRET);
  });
});
