import pino from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DatabaseHandle } from "@/db";
import { PusherErrorCode } from "@/server/realtime";
import type { SessionGuard } from "@/server/realtime/session-guard";
import { endSession } from "@/server/services/session/end-session";
import { guardRealtimeSessions } from "@/server/services/session/guard-realtime-sessions";
import type { SessionPolicy } from "@/server/services/session/session-policy";
import { startSession } from "@/server/services/session/start-session";
import { openTestDatabase } from "../support/database";
import { createWorkspace, type TestWorkspace } from "../support/factories";
import { nextEvent, startRealtimeHarness, withTimeout, type RealtimeHarness } from "./harness";

const policy: SessionPolicy = { idleMs: 3_600_000, maxAgeMs: 36_000_000 };
let handle: DatabaseHandle;
let harness: RealtimeHarness;
let guard: SessionGuard;
let ws: TestWorkspace;

beforeAll(async () => {
  handle = await openTestDatabase();
  ws = await createWorkspace(handle.db);
  harness = await startRealtimeHarness();
  guard = guardRealtimeSessions(handle.db, policy, harness.pusherServer, pino({ level: "silent" }));
});
afterAll(async () => {
  guard.stop();
  await harness.close();
  await handle.close();
});

describe("realtime connections of ended sessions", () => {
  it("are closed with 4009 while other agents' connections stay subscribed", async () => {
    const endedSession = await startSession(handle.db, policy, {
      userId: ws.agent.userId,
      workspaceId: ws.workspaceId,
    });
    const liveSession = await startSession(handle.db, policy, { userId: ws.admin.userId, workspaceId: ws.workspaceId });
    const leaving = await harness.connectClient();
    const staying = await harness.connectClient();
    const leavingChannel = leaving.subscribe("private-workspace-a");
    const stayingChannel = staying.subscribe("private-workspace-a");
    await nextEvent(leavingChannel, "pusher:subscription_succeeded");
    await nextEvent(stayingChannel, "pusher:subscription_succeeded");
    guard.bind(leaving.connection.socket_id, endedSession);
    guard.bind(staying.connection.socket_id, liveSession);

    await guard.sweep();
    expect(leaving.connection.state).toBe("connected");

    const refused = nextEvent<{ data: { code: number } }>(leaving.connection, "error");
    await endSession(handle.db, endedSession);
    await guard.sweep();
    expect((await refused).data.code).toBe(PusherErrorCode.ConnectionUnauthorized);
    await withTimeout("the ended session's socket to close", (resolve) => {
      const check = () => (leaving.connection.state === "connected" ? setTimeout(check, 20) : resolve(undefined));
      check();
    });
    expect(["disconnected", "failed", "unavailable"]).toContain(leaving.connection.state);

    // The other agent still receives events on the same channel.
    const delivered = nextEvent<{ ok: boolean }>(stayingChannel, "still-here");
    await harness.sdk.trigger("private-workspace-a", "still-here", { ok: true });
    expect(await delivered).toEqual({ ok: true });
    expect(harness.pusherServer.stats().connections).toBe(1);
  });

  it("are swept on a timer without anyone asking", async () => {
    const sessionId = await startSession(handle.db, policy, { userId: ws.agent.userId, workspaceId: ws.workspaceId });
    const client = await harness.connectClient();
    guard.bind(client.connection.socket_id, sessionId);
    await endSession(handle.db, sessionId);
    const error = await nextEvent<{ data: { code: number } }>(client.connection, "error", 5000);
    expect(error.data.code).toBe(PusherErrorCode.ConnectionUnauthorized);
  });
});
