import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DatabaseHandle } from "@/db";
import { auditLog, invitations, memberships, users } from "@/db/schema";
import { parseEnv } from "@/server/env";
import { verifyCredentials } from "@/server/services/auth/verify-credentials";
import { callerFor } from "../support/caller";
import { openTestDatabase } from "../support/database";
import { createWorkspace, GENEROUS_LIMITS, recordingDispatcher, type TestWorkspace } from "../support/factories";
import { expectFailure } from "../support/trpc-error";

let handle: DatabaseHandle;
beforeAll(async () => {
  handle = await openTestDatabase();
});
afterAll(() => handle.close());

let addressCounter = 0;
const freshAddress = () => `203.0.113.${(addressCounter = (addressCounter + 1) % 250) + 1}`;
const adminOf = (ws: TestWorkspace) => callerFor(handle.db, recordingDispatcher(), ws.admin);
const agentOf = (ws: TestWorkspace) => callerFor(handle.db, recordingDispatcher(), ws.agent);
const anonymous = (clientAddress = freshAddress(), limits = GENEROUS_LIMITS) =>
  callerFor(handle.db, recordingDispatcher(), null, undefined, { clientAddress, limits });
const tokenOf = (path: string) => path.split("#")[1] ?? "";
const newEmail = () => `new-${Math.random().toString(36).slice(2)}@example.test`;
const PASSWORD = "a long enough password";

describe("inviting people", () => {
  it("an invited person sets a password, becomes a member with the invited role and can sign in", async () => {
    const ws = await createWorkspace(handle.db);
    const email = newEmail();
    const invitation = await adminOf(ws).invitations.invite({ email: `  ${email.toUpperCase()} `, role: "supervisor" });
    expect(invitation.email).toBe(email);
    expect(invitation.path).toMatch(/^\/invite#[A-Za-z0-9_-]{43}$/);
    expect((await adminOf(ws).invitations.list()).map((row) => row.email)).toContain(email);

    const token = tokenOf(invitation.path);
    const seen = await anonymous().invitations.lookup({ token });
    expect(seen).toMatchObject({ email, role: "supervisor" });

    await anonymous().invitations.accept({ token, name: "Sam Newcomer", password: PASSWORD });
    const signedIn = await verifyCredentials(handle.db, email, PASSWORD);
    expect(signedIn).toMatchObject({ workspaceId: ws.workspaceId, role: "supervisor", name: "Sam Newcomer" });
    expect((await adminOf(ws).invitations.list()).map((row) => row.email)).not.toContain(email);
    const actions = await handle.db
      .select({ action: auditLog.action })
      .from(auditLog)
      .where(eq(auditLog.workspaceId, ws.workspaceId));
    expect(actions.map((row) => row.action)).toEqual(expect.arrayContaining(["member.invited", "member.joined"]));

    // A link works once.
    await expectFailure(
      anonymous().invitations.accept({ token, name: "Someone Else", password: PASSWORD }),
      "NOT_FOUND",
      /not valid any more/,
    );
  });

  it("stores only a hash of the link's secret", async () => {
    const ws = await createWorkspace(handle.db);
    const invitation = await adminOf(ws).invitations.invite({ email: newEmail(), role: "agent" });
    const [row] = await handle.db.select().from(invitations).where(eq(invitations.id, invitation.invitationId));
    expect(JSON.stringify(row)).not.toContain(tokenOf(invitation.path));
  });

  it("inviting the same address again replaces the earlier link; revoking stops a link at once", async () => {
    const ws = await createWorkspace(handle.db);
    const email = newEmail();
    const first = await adminOf(ws).invitations.invite({ email, role: "agent" });
    const second = await adminOf(ws).invitations.invite({ email, role: "admin" });
    await expectFailure(anonymous().invitations.lookup({ token: tokenOf(first.path) }), "NOT_FOUND");
    expect(await anonymous().invitations.lookup({ token: tokenOf(second.path) })).toMatchObject({ role: "admin" });
    expect((await adminOf(ws).invitations.list()).filter((row) => row.email === email)).toHaveLength(1);

    await adminOf(ws).invitations.revoke({ invitationId: second.invitationId });
    await expectFailure(anonymous().invitations.lookup({ token: tokenOf(second.path) }), "NOT_FOUND");
    await expectFailure(adminOf(ws).invitations.revoke({ invitationId: second.invitationId }), "NOT_FOUND");
  });

  it("refuses to invite a current member or someone whose account belongs to another workspace", async () => {
    const ws = await createWorkspace(handle.db);
    const other = await createWorkspace(handle.db);
    await expectFailure(
      adminOf(ws).invitations.invite({ email: ws.agent.email, role: "agent" }),
      "CONFLICT",
      /already a member/,
    );
    await expectFailure(
      adminOf(ws).invitations.invite({ email: other.agent.email, role: "agent" }),
      "CONFLICT",
      /another workspace/,
    );
  });

  it("an expired link is refused", async () => {
    const ws = await createWorkspace(handle.db);
    const invitation = await adminOf(ws).invitations.invite({ email: newEmail(), role: "agent" });
    await handle.db
      .update(invitations)
      .set({ expiresAt: new Date(Date.now() - 1000) })
      .where(eq(invitations.id, invitation.invitationId));
    await expectFailure(
      anonymous().invitations.accept({ token: tokenOf(invitation.path), name: "Late", password: PASSWORD }),
      "NOT_FOUND",
    );
  });

  it("two tabs accepting one link at once create one account", async () => {
    const ws = await createWorkspace(handle.db);
    const email = newEmail();
    const invitation = await adminOf(ws).invitations.invite({ email, role: "agent" });
    const token = tokenOf(invitation.path);
    const results = await Promise.allSettled(
      ["Tab One", "Tab Two", "Tab Three"].map((name) =>
        anonymous().invitations.accept({ token, name, password: PASSWORD }),
      ),
    );
    expect(results.filter((result) => result.status === "fulfilled")).toHaveLength(1);
    const created = await handle.db.select({ id: users.id }).from(users).where(eq(users.email, email));
    expect(created).toHaveLength(1);
    const joined = await handle.db
      .select()
      .from(memberships)
      .where(and(eq(memberships.workspaceId, ws.workspaceId), eq(memberships.userId, created[0]!.id)));
    expect(joined).toHaveLength(1);
  });

  it("only admins invite, list or revoke; another workspace's admin cannot touch an invitation", async () => {
    const ws = await createWorkspace(handle.db);
    const other = await createWorkspace(handle.db);
    await expectFailure(agentOf(ws).invitations.invite({ email: newEmail(), role: "admin" }), "FORBIDDEN");
    await expectFailure(agentOf(ws).invitations.list(), "FORBIDDEN");
    const invitation = await adminOf(ws).invitations.invite({ email: newEmail(), role: "agent" });
    await expectFailure(agentOf(ws).invitations.revoke({ invitationId: invitation.invitationId }), "FORBIDDEN");
    expect(await adminOf(other).invitations.list()).toEqual([]);
    await expectFailure(adminOf(other).invitations.revoke({ invitationId: invitation.invitationId }), "NOT_FOUND");
    expect(await anonymous().invitations.lookup({ token: tokenOf(invitation.path) })).toMatchObject({
      workspaceName: expect.stringContaining("Workspace"),
    });
  });

  it("refuses bad input with a clear message", async () => {
    const ws = await createWorkspace(handle.db);
    await expectFailure(
      adminOf(ws).invitations.invite({ email: "not-an-email", role: "agent" }),
      "BAD_REQUEST",
      /valid email/,
    );
    await expectFailure(
      adminOf(ws).invitations.invite({ email: newEmail(), role: "owner" as "agent" }),
      "BAD_REQUEST",
      /Role must be/,
    );
    await expectFailure(
      adminOf(ws).invitations.invite({ email: newEmail(), role: "agent", extra: 1 } as never),
      "BAD_REQUEST",
      /Unknown field/,
    );
    await expectFailure(
      adminOf(ws).invitations.invite({ email: `${"a".repeat(300)}@x.test`, role: "agent" }),
      "BAD_REQUEST",
    );
    await expectFailure(anonymous().invitations.lookup({ token: "<script>" }), "BAD_REQUEST", /not valid/);
    const invitation = await adminOf(ws).invitations.invite({ email: newEmail(), role: "agent" });
    await expectFailure(
      anonymous().invitations.accept({ token: tokenOf(invitation.path), name: "Short", password: "short" }),
      "BAD_REQUEST",
      /at least 10/,
    );
    await expectFailure(
      anonymous().invitations.accept({ token: tokenOf(invitation.path), name: "   ", password: PASSWORD }),
      "BAD_REQUEST",
      /Enter your name/,
    );
  });

  it("an address presenting invalid links is refused for a while", async () => {
    const address = freshAddress();
    const limits = parseEnv({ ...process.env, LIMIT_INVITATION_FAILURES_PER_ADDRESS: "3/15m" });
    const guess = () => anonymous(address, limits).invitations.lookup({ token: "A".repeat(43) });
    for (let attempt = 0; attempt < 3; attempt++) await expectFailure(guess(), "NOT_FOUND");
    await expectFailure(guess(), "TOO_MANY_REQUESTS", /invalid invitation links/);
  });
});

describe("your profile", () => {
  const PICTURE = `data:image/png;base64,${Buffer.from("not really a png but base64").toString("base64")}`;

  it("changes your name and picture, seen by teammates", async () => {
    const ws = await createWorkspace(handle.db);
    const saved = await agentOf(ws).account.updateProfile({ name: "  Alexandra  ", avatarUrl: PICTURE });
    expect(saved).toMatchObject({ name: "Alexandra", avatarUrl: PICTURE });
    expect(await agentOf(ws).account.profile()).toMatchObject({ name: "Alexandra", avatarUrl: PICTURE });
    const members = await adminOf(ws).workspace.members();
    expect(members.find((member) => member.userId === ws.agent.userId)).toMatchObject({
      name: "Alexandra",
      avatarUrl: PICTURE,
    });
    await agentOf(ws).account.updateProfile({ name: "Alexandra", avatarUrl: null });
    expect((await agentOf(ws).account.profile()).avatarUrl).toBeNull();
  });

  it("refuses pictures that are not inline images, or too large", async () => {
    const ws = await createWorkspace(handle.db);
    await expectFailure(
      agentOf(ws).account.updateProfile({ name: "A", avatarUrl: "https://tracker.example/pixel.gif" }),
      "BAD_REQUEST",
      /PNG, JPEG or WebP/,
    );
    await expectFailure(
      agentOf(ws).account.updateProfile({ name: "A", avatarUrl: "data:image/svg+xml;base64,PHN2Zz4=" }),
      "BAD_REQUEST",
      /PNG, JPEG or WebP/,
    );
    await expectFailure(
      agentOf(ws).account.updateProfile({ name: "A", avatarUrl: `data:image/png;base64,${"A".repeat(70_000)}` }),
      "BAD_REQUEST",
      /too large/,
    );
    await expectFailure(
      agentOf(ws).account.updateProfile({ name: "", avatarUrl: null }),
      "BAD_REQUEST",
      /Enter your name/,
    );
    await expectFailure(anonymous().account.updateProfile({ name: "A", avatarUrl: null }), "UNAUTHORIZED");
  });
});
