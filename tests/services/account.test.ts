import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DatabaseHandle } from "@/db";
import { verifyCredentials } from "@/server/services/auth/verify-credentials";
import { resolveSession } from "@/server/services/session/resolve-session";
import { sessionPolicyFrom } from "@/server/services/session/session-policy";
import { startSession } from "@/server/services/session/start-session";
import { parseEnv } from "@/server/env";
import { callerFor } from "../support/caller";
import { openTestDatabase } from "../support/database";
import { createWorkspace, recordingDispatcher, type TestWorkspace } from "../support/factories";
import { expectFailure } from "../support/trpc-error";

const policy = sessionPolicyFrom(parseEnv({}));
let handle: DatabaseHandle;

beforeAll(async () => {
  handle = await openTestDatabase();
});
afterAll(() => handle.close());

async function signedIn(ws: TestWorkspace, who: TestWorkspace["agent"] = ws.agent) {
  const sessionId = await startSession(handle.db, policy, {
    userId: who.userId,
    workspaceId: ws.workspaceId,
    userAgent: "Mozilla/5.0 (X11; Linux x86_64) Chrome/150.0",
    clientAddress: "203.0.113.7",
  });
  return { sessionId, caller: callerFor(handle.db, recordingDispatcher(), { ...who, sessionId }) };
}

describe("your own sessions", () => {
  it("lists only your live sessions in this workspace and marks the current one", async () => {
    const ws = await createWorkspace(handle.db);
    const here = await signedIn(ws);
    const laptop = await signedIn(ws);
    await signedIn(ws, ws.admin);
    const sessions = await here.caller.account.sessions();
    expect(sessions.map((session) => session.id).sort()).toEqual([here.sessionId, laptop.sessionId].sort());
    expect(sessions.find((session) => session.current)?.id).toBe(here.sessionId);
    expect(sessions[0]).toMatchObject({ userAgent: expect.stringContaining("Chrome"), clientAddress: "203.0.113.7" });
  });

  it("signs one other session out, but never someone else's", async () => {
    const ws = await createWorkspace(handle.db);
    const here = await signedIn(ws);
    const laptop = await signedIn(ws);
    const admin = await signedIn(ws, ws.admin);
    const other = await createWorkspace(handle.db);
    const stranger = await signedIn(other);
    await expectFailure(
      here.caller.account.endSession({ sessionId: admin.sessionId }),
      "NOT_FOUND",
      "Session not found",
    );
    await expectFailure(here.caller.account.endSession({ sessionId: stranger.sessionId }), "NOT_FOUND");
    expect(await resolveSession(handle.db, policy, admin.sessionId)).not.toBeNull();
    expect(await resolveSession(handle.db, policy, stranger.sessionId)).not.toBeNull();

    await here.caller.account.endSession({ sessionId: laptop.sessionId });
    expect(await resolveSession(handle.db, policy, laptop.sessionId)).toBeNull();
    expect(await resolveSession(handle.db, policy, here.sessionId)).not.toBeNull();
  });

  it("signs out everywhere else only with the right password", async () => {
    const ws = await createWorkspace(handle.db);
    const here = await signedIn(ws);
    const phone = await signedIn(ws);
    await expectFailure(
      here.caller.account.endOtherSessions({ currentPassword: "wrong password" }),
      "FORBIDDEN",
      "That password is not right",
    );
    expect(await resolveSession(handle.db, policy, phone.sessionId)).not.toBeNull();
    expect(await here.caller.account.endOtherSessions({ currentPassword: ws.password })).toEqual({ ended: 1 });
    expect(await resolveSession(handle.db, policy, phone.sessionId)).toBeNull();
    expect(await resolveSession(handle.db, policy, here.sessionId)).not.toBeNull();
  });
});

describe("changing your password", () => {
  it("needs the current password and a long enough new one", async () => {
    const ws = await createWorkspace(handle.db);
    const here = await signedIn(ws);
    await expectFailure(
      here.caller.account.changePassword({ currentPassword: "nope", newPassword: "a much longer secret" }),
      "FORBIDDEN",
    );
    await expectFailure(
      here.caller.account.changePassword({ currentPassword: ws.password, newPassword: "short" }),
      "BAD_REQUEST",
      "Use at least 10 characters",
    );
    await expectFailure(
      here.caller.account.changePassword({
        currentPassword: ws.password,
        newPassword: "a much longer secret",
        role: "admin",
      } as { currentPassword: string; newPassword: string }),
      "BAD_REQUEST",
    );
    expect(await verifyCredentials(handle.db, ws.agent.email, ws.password)).not.toBeNull();
  });

  it("replaces the password and signs out every other session", async () => {
    const ws = await createWorkspace(handle.db);
    const here = await signedIn(ws);
    const stolen = await signedIn(ws);
    const result = await here.caller.account.changePassword({
      currentPassword: ws.password,
      newPassword: "a much longer secret",
    });
    expect(result).toEqual({ endedSessions: 1 });
    expect(await verifyCredentials(handle.db, ws.agent.email, ws.password)).toBeNull();
    expect(await verifyCredentials(handle.db, ws.agent.email, "a much longer secret")).not.toBeNull();
    expect(await resolveSession(handle.db, policy, stolen.sessionId)).toBeNull();
    expect(await resolveSession(handle.db, policy, here.sessionId)).not.toBeNull();
  });

  it("is only for signed-in agents", async () => {
    const anonymous = callerFor(handle.db, recordingDispatcher(), null);
    await expectFailure(anonymous.account.sessions(), "UNAUTHORIZED");
    await expectFailure(
      anonymous.account.changePassword({ currentPassword: "x", newPassword: "a much longer secret" }),
      "UNAUTHORIZED",
    );
  });
});
