import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DatabaseHandle } from "@/db";
import { auditLog, memberships, users } from "@/db/schema";
import { recordAudit } from "@/server/services/audit/record-audit";
import { callerFor } from "../support/caller";
import { openTestDatabase } from "../support/database";
import { clientId, createWorkspace, recordingDispatcher, type TestWorkspace } from "../support/factories";
import { expectFailure } from "../support/trpc-error";

let handle: DatabaseHandle;

beforeAll(async () => {
  handle = await openTestDatabase();
});
afterAll(() => handle.close());

const adminOf = (ws: TestWorkspace) => callerFor(handle.db, recordingDispatcher(), ws.admin);

async function addMember(ws: TestWorkspace, name: string) {
  const [user] = await handle.db
    .insert(users)
    .values({ email: `${clientId()}@example.test`, name, passwordHash: "x" })
    .returning();
  await handle.db.insert(memberships).values({ workspaceId: ws.workspaceId, userId: user!.id, role: "agent" });
  return user!.id;
}

describe("the audit log", () => {
  it("records the people settings changes, in their transactions, with who did them", async () => {
    const ws = await createWorkspace(handle.db);
    const admin = adminOf(ws);
    const userId = await addMember(ws, "Robin Member");
    await admin.workspace.changeMemberRole({ userId, role: "supervisor" });
    await admin.workspace.changeMemberRole({ userId, role: "supervisor" });
    await admin.workspace.deactivateMember({ userId });
    await admin.workspace.reactivateMember({ userId });
    await admin.workspace.reactivateMember({ userId });
    await admin.workspace.removeMember({ userId });
    // A refused change records nothing: the last admin stays an admin.
    await expectFailure(
      admin.workspace.changeMemberRole({ userId: ws.admin.userId, role: "agent" }),
      "CONFLICT",
      "A workspace needs at least one active admin",
    );

    const log = await admin.audit.list({});
    expect(log.items.map((entry) => [entry.action, entry.target.label, entry.details])).toEqual([
      ["member.removed", "Robin Member", { role: "supervisor", conversationsUnassigned: 0 }],
      ["member.reactivated", "Robin Member", {}],
      ["member.deactivated", "Robin Member", {}],
      ["member.role_changed", "Robin Member", { from: "agent", to: "supervisor" }],
    ]);
    expect(log.items.every((entry) => entry.actor?.name === ws.admin.name)).toBe(true);
    expect(log.nextCursor).toBeNull();
  });

  it("pages newest first with a cursor, without skipping entries written in the same transaction", async () => {
    const ws = await createWorkspace(handle.db);
    // Twelve entries sharing one timestamp (one transaction), then a later one.
    await handle.db.transaction(async (tx) => {
      for (let i = 0; i < 12; i++)
        await recordAudit(tx, {
          workspaceId: ws.workspaceId,
          actorUserId: ws.admin.userId,
          action: `test.step_${i}`,
          targetType: "test",
          targetId: `t${i}`,
        });
    });
    await adminOf(ws).inboxes.create({ channelType: "api", name: "Newest" });

    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const page: Awaited<ReturnType<ReturnType<typeof adminOf>["audit"]["list"]>> = await adminOf(ws).audit.list({
        cursor,
        limit: 5,
      });
      seen.push(...page.items.map((entry) => entry.action));
      cursor = page.nextCursor;
      pages++;
    } while (cursor && pages < 10);
    expect(pages).toBe(3);
    expect(seen).toHaveLength(13);
    expect(new Set(seen).size).toBe(13);
    expect(seen[0]).toBe("inbox.created");
  });

  it("shows one workspace nothing of another's log, and refuses a foreign or malformed cursor", async () => {
    const a = await createWorkspace(handle.db);
    const b = await createWorkspace(handle.db);
    await adminOf(b).inboxes.create({ channelType: "api", name: "B's inbox" });
    const [bEntry] = await handle.db.select().from(auditLog).where(eq(auditLog.workspaceId, b.workspaceId));
    await adminOf(a).inboxes.create({ channelType: "api", name: "A's inbox" });

    const aLog = await adminOf(a).audit.list({});
    expect(aLog.items.map((entry) => entry.target.label)).toEqual(["A's inbox"]);
    // Another workspace's entry id as a cursor matches no position here: an empty page, nothing of B's.
    expect((await adminOf(a).audit.list({ cursor: bEntry!.id })).items).toEqual([]);
    await expectFailure(adminOf(a).audit.list({ cursor: "'; drop table audit_log; --" }), "BAD_REQUEST");
    await expectFailure(adminOf(a).audit.list({ limit: 1000 }), "BAD_REQUEST");
    await expectFailure(adminOf(a).audit.list({ workspaceId: b.workspaceId } as never), "BAD_REQUEST");
  });
});
