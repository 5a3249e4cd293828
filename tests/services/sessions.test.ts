import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DatabaseHandle } from "@/db";
import { authSessions, memberships } from "@/db/schema";
import { verifyCredentials } from "@/server/services/auth/verify-credentials";
import { endMemberSessions, endSession } from "@/server/services/session/end-session";
import { liveSessionIds, resolveSession } from "@/server/services/session/resolve-session";
import type { SessionPolicy } from "@/server/services/session/session-policy";
import { startSession } from "@/server/services/session/start-session";
import { openTestDatabase } from "../support/database";
import { createWorkspace, type TestWorkspace } from "../support/factories";

const HOUR = 3_600_000;
const policy: SessionPolicy = { idleMs: 2 * HOUR, maxAgeMs: 12 * HOUR };

let handle: DatabaseHandle;
let ws: TestWorkspace;
let other: TestWorkspace;

beforeAll(async () => {
  handle = await openTestDatabase();
  ws = await createWorkspace(handle.db);
  other = await createWorkspace(handle.db);
});
afterAll(() => handle.close());

const signIn = (workspace = ws, now = new Date()) =>
  startSession(handle.db, policy, { userId: workspace.agent.userId, workspaceId: workspace.workspaceId }, now);

describe("sessions", () => {
  it("resolve to the agent with the role their membership has now", async () => {
    const sessionId = await signIn();
    expect(await resolveSession(handle.db, policy, sessionId)).toMatchObject({
      kind: "agent",
      sessionId,
      userId: ws.agent.userId,
      workspaceId: ws.workspaceId,
      role: "agent",
      email: ws.agent.email,
    });
    await handle.db.update(memberships).set({ role: "supervisor" }).where(eq(memberships.userId, ws.agent.userId));
    expect((await resolveSession(handle.db, policy, sessionId))?.role).toBe("supervisor");
    await handle.db.update(memberships).set({ role: "agent" }).where(eq(memberships.userId, ws.agent.userId));
  });

  it("end at sign-out, and only the one signed out", async () => {
    const first = await signIn();
    const second = await signIn();
    await endSession(handle.db, first);
    expect(await resolveSession(handle.db, policy, first)).toBeNull();
    expect(await resolveSession(handle.db, policy, second)).not.toBeNull();
  });

  it("end after the idle timeout, and activity keeps them alive", async () => {
    const start = new Date();
    const sessionId = await signIn(ws, start);
    const later = (ms: number) => new Date(start.getTime() + ms);
    expect(await resolveSession(handle.db, policy, sessionId, later(1.5 * HOUR))).not.toBeNull();
    // That request counted as activity, so another 1.5 h later it is still within the idle window.
    expect(await resolveSession(handle.db, policy, sessionId, later(3 * HOUR))).not.toBeNull();
    expect(await resolveSession(handle.db, policy, sessionId, later(5.1 * HOUR))).toBeNull();
  });

  it("end at their absolute lifetime however active they are", async () => {
    const start = new Date();
    const sessionId = await signIn(ws, start);
    for (let hour = 1; hour < 12; hour++) {
      expect(
        await resolveSession(handle.db, policy, sessionId, new Date(start.getTime() + hour * HOUR)),
      ).not.toBeNull();
    }
    expect(await resolveSession(handle.db, policy, sessionId, new Date(start.getTime() + 12 * HOUR + 1000))).toBeNull();
  });

  it("end when the member is deactivated or removed", async () => {
    const sessionId = await signIn();
    await handle.db
      .update(memberships)
      .set({ deactivatedAt: new Date() })
      .where(eq(memberships.userId, ws.agent.userId));
    expect(await resolveSession(handle.db, policy, sessionId)).toBeNull();
    await handle.db.update(memberships).set({ deactivatedAt: null }).where(eq(memberships.userId, ws.agent.userId));

    const unknown = await resolveSession(handle.db, policy, "sess_does_not_exist");
    expect(unknown).toBeNull();
  });

  it("end for one member in one workspace only", async () => {
    const mine = await signIn(ws);
    const theirs = await signIn(other);
    const ended = await endMemberSessions(
      handle.db,
      { workspaceId: ws.workspaceId, userId: ws.agent.userId },
      "member_removed",
    );
    expect(ended).toBeGreaterThanOrEqual(1);
    expect(await resolveSession(handle.db, policy, mine)).toBeNull();
    expect(await resolveSession(handle.db, policy, theirs)).not.toBeNull();
    const [row] = await handle.db.select().from(authSessions).where(eq(authSessions.id, mine));
    expect(row?.revokedReason).toBe("member_removed");
  });

  it("are checked in one batch for the realtime sweep", async () => {
    const live = await signIn(other);
    const ended = await signIn(other);
    await endSession(handle.db, ended);
    const result = await liveSessionIds(handle.db, policy, [live, ended, "sess_nope"]);
    expect([...result]).toEqual([live]);
  });

  it("are never resolved for a session of another workspace's member under a forged id", async () => {
    const theirs = await signIn(other);
    const agent = await resolveSession(handle.db, policy, theirs);
    expect(agent?.workspaceId).toBe(other.workspaceId);
    expect(agent?.workspaceId).not.toBe(ws.workspaceId);
  });
});

describe("credentials", () => {
  it("refuse a deactivated member and accept them again once reactivated", async () => {
    const workspace = await createWorkspace(handle.db);
    expect(await verifyCredentials(handle.db, workspace.agent.email, workspace.password)).not.toBeNull();
    await handle.db
      .update(memberships)
      .set({ deactivatedAt: new Date() })
      .where(eq(memberships.userId, workspace.agent.userId));
    expect(await verifyCredentials(handle.db, workspace.agent.email, workspace.password)).toBeNull();
    await handle.db
      .update(memberships)
      .set({ deactivatedAt: null })
      .where(eq(memberships.userId, workspace.agent.userId));
    expect(await verifyCredentials(handle.db, workspace.agent.email, workspace.password)).not.toBeNull();
  });

  it("take as long for an unknown email as for a wrong password (within 20%)", async () => {
    // Interleaved, so whatever else the machine is doing weighs on both sides alike.
    const known: number[] = [];
    const unknown: number[] = [];
    const time = async (email: string, into: number[]) => {
      const started = performance.now();
      await verifyCredentials(handle.db, email, "wrong password");
      into.push(performance.now() - started);
    };
    for (let round = 0; round < 9; round++) {
      await time(ws.agent.email, known);
      await time("nobody@example.test", unknown);
    }
    const median = (values: number[]) => values.sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
    expect(median(known)).toBeGreaterThan(20);
    expect(Math.abs(median(unknown) - median(known)) / median(known)).toBeLessThan(0.2);
  });
});
