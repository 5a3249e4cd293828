import { createHmac } from "node:crypto";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DatabaseHandle } from "@/db";
import { auditLog, inboxes, memberships, users } from "@/db/schema";
import { createInbox } from "@/server/services/inbox/create-inbox";
import { updateInbox } from "@/server/services/inbox/update-inbox";
import { callerFor } from "../support/caller";
import { openTestDatabase } from "../support/database";
import { createWorkspace, recordingDispatcher, type TestWorkspace } from "../support/factories";
import { expectFailure } from "../support/trpc-error";

let handle: DatabaseHandle;

beforeAll(async () => {
  handle = await openTestDatabase();
});
afterAll(() => handle.close());

const adminOf = (ws: TestWorkspace) => callerFor(handle.db, recordingDispatcher(), ws.admin);
const storedInbox = async (inboxId: string) =>
  (await handle.db.select().from(inboxes).where(eq(inboxes.id, inboxId)))[0]!;
const auditOf = (ws: TestWorkspace) =>
  handle.db.select().from(auditLog).where(eq(auditLog.workspaceId, ws.workspaceId));

/** A supervisor in the workspace, to prove that the tier below admin is refused too. */
async function supervisorOf(ws: TestWorkspace) {
  const [user] = await handle.db
    .insert(users)
    .values({ email: `sup-${ws.workspaceId}@example.test`, name: "Sup", passwordHash: "x" })
    .returning();
  await handle.db.insert(memberships).values({ workspaceId: ws.workspaceId, userId: user!.id, role: "supervisor" });
  return callerFor(handle.db, recordingDispatcher(), {
    kind: "agent",
    workspaceId: ws.workspaceId,
    userId: user!.id,
    role: "supervisor",
    name: user!.name,
    email: user!.email,
  });
}

describe("creating inboxes", () => {
  it("creates a website inbox with a one-time identity secret that verifies user hashes", async () => {
    const ws = await createWorkspace(handle.db);
    const created = await adminOf(ws).inboxes.create({
      channelType: "web_widget",
      name: "  Docs site  ",
      greeting: "Hello from the docs",
      color: "#3B55E6",
      enforceIdentity: true,
    });
    expect(created.inbox).toMatchObject({
      name: "Docs site",
      channelType: "web_widget",
      greeting: "Hello from the docs",
      color: "#3b55e6",
      enforceIdentity: true,
      callbackUrl: null,
      webhookSecret: null,
    });
    expect(created.inbox.identitySecret.set).toBe(true);
    expect(created.inbox.identitySecret.rotatedAt).toBeInstanceOf(Date);
    expect(created.secrets.identitySecret).toMatch(/^[0-9a-f]{64}$/);
    expect(created.secrets.webhookSecret).toBeNull();
    const row = await storedInbox(created.inbox.id);
    expect(row.identitySecret).toBe(created.secrets.identitySecret);
    // The host application signs a user id with it; the stored secret checks the same hash.
    const userHash = createHmac("sha256", created.secrets.identitySecret).update("user-42").digest("hex");
    expect(createHmac("sha256", row.identitySecret!).update("user-42").digest("hex")).toBe(userHash);
  });

  it("creates an API inbox with a Standard Webhooks signing secret and a public callback URL", async () => {
    const ws = await createWorkspace(handle.db);
    const created = await adminOf(ws).inboxes.create({
      channelType: "api",
      name: "Mobile app",
      callbackUrl: "https://1.1.1.1/switchboard/hooks",
    });
    expect(created.inbox.callbackUrl).toBe("https://1.1.1.1/switchboard/hooks");
    expect(created.inbox.webhookSecret?.set).toBe(true);
    expect(created.secrets.webhookSecret).toMatch(/^whsec_[A-Za-z0-9+/]+={0,2}$/);
    const key = Buffer.from(created.secrets.webhookSecret!.slice("whsec_".length), "base64");
    expect(key.length).toBeGreaterThanOrEqual(24);
    expect(key.length).toBeLessThanOrEqual(32);
    expect((await storedInbox(created.inbox.id)).webhookSecret).toBe(created.secrets.webhookSecret);
  });

  it("never shows a secret in list or get, only whether it is set and when it was rotated", async () => {
    const ws = await createWorkspace(handle.db);
    const admin = adminOf(ws);
    const created = await admin.inboxes.create({ channelType: "api", name: "Backend" });
    const listed = await admin.inboxes.list();
    const fetched = await admin.inboxes.get({ inboxId: created.inbox.id });
    for (const text of [JSON.stringify(listed), JSON.stringify(fetched)]) {
      expect(text).not.toContain(created.secrets.identitySecret);
      expect(text).not.toContain(created.secrets.webhookSecret!);
    }
    expect(listed.map((inbox) => inbox.name)).toEqual(["Website", "Backend"]);
    expect(fetched.identitySecret).toEqual(created.inbox.identitySecret);
  });

  it("refuses bad input with a message for the form, storing nothing", async () => {
    const ws = await createWorkspace(handle.db);
    const admin = adminOf(ws);
    await expectFailure(
      admin.inboxes.create({ channelType: "web_widget", name: "Shop", color: "blue" }),
      "BAD_REQUEST",
      "The colour must be a hex colour like #3b55e6",
    );
    await expectFailure(
      admin.inboxes.create({ channelType: "web_widget", name: "x".repeat(81) }),
      "BAD_REQUEST",
      "The inbox name can be at most 80 characters",
    );
    await expectFailure(
      admin.inboxes.create({ channelType: "web_widget", name: "   " }),
      "BAD_REQUEST",
      "Give the inbox a name",
    );
    await expectFailure(
      admin.inboxes.create({ channelType: "email", name: "Mail" } as never),
      "BAD_REQUEST",
      /website \(web_widget\) or an API inbox/,
    );
    await expectFailure(
      admin.inboxes.create({ channelType: "api", name: "Hooks", identitySecret: "mine" } as never),
      "BAD_REQUEST",
      'Unknown field "identitySecret"',
    );
    await expectFailure(
      admin.inboxes.create({ channelType: "web_widget", name: "Site", callbackUrl: "https://1.1.1.1/" }),
      "BAD_REQUEST",
      "Only API inboxes have a callback URL",
    );
    await expectFailure(
      admin.inboxes.create({ channelType: "api", name: "Long", callbackUrl: `https://1.1.1.1/${"a".repeat(2100)}` }),
      "BAD_REQUEST",
      /at most 2048 characters/,
    );
    expect((await admin.inboxes.list()).map((inbox) => inbox.name)).toEqual(["Website"]);
    expect(await auditOf(ws)).toEqual([]);
  });

  it("refuses callback URLs that reach loopback, private or metadata addresses", async () => {
    const ws = await createWorkspace(handle.db);
    const admin = adminOf(ws);
    for (const callbackUrl of [
      "http://127.0.0.1:8080/hook",
      "http://localhost/hook",
      "http://10.0.0.8/hook",
      "http://169.254.169.254/latest/meta-data",
      "http://[::1]/hook",
    ]) {
      await expectFailure(
        admin.inboxes.create({ channelType: "api", name: "Hooks", callbackUrl }),
        "BAD_REQUEST",
        /must reach a public address|could not be resolved/,
      );
    }
    await expectFailure(
      admin.inboxes.create({ channelType: "api", name: "Hooks", callbackUrl: "ftp://1.1.1.1/" }),
      "BAD_REQUEST",
      /must start with https:\/\//,
    );
    // A public-looking name that resolves to a private address is refused as well.
    const rebinding = { allowLoopback: false, resolve: async () => ["192.168.1.20"] };
    await expect(
      createInbox(
        handle.db,
        ws.admin,
        { channelType: "api", name: "Hooks", enforceIdentity: false, callbackUrl: "https://hooks.example.com/" },
        rebinding,
      ),
    ).rejects.toThrow(/resolves to 192\.168\.1\.20/);
    // Loopback only where the operator allowed it, for local development.
    const local = await createInbox(
      handle.db,
      ws.admin,
      { channelType: "api", name: "Local", enforceIdentity: false, callbackUrl: "http://127.0.0.1:4000/hook" },
      { allowLoopback: true },
    );
    expect(local.inbox.callbackUrl).toBe("http://127.0.0.1:4000/hook");
    expect((await admin.inboxes.list()).map((inbox) => inbox.name)).toEqual(["Website", "Local"]);
  });

  it("refuses a second inbox with the same name, also when both are saved at once", async () => {
    const ws = await createWorkspace(handle.db);
    const admin = adminOf(ws);
    await expectFailure(
      admin.inboxes.create({ channelType: "api", name: "website" }),
      "CONFLICT",
      'An inbox named "website" already exists',
    );
    const results = await Promise.allSettled([
      admin.inboxes.create({ channelType: "api", name: "Partners" }),
      admin.inboxes.create({ channelType: "api", name: "Partners" }),
    ]);
    expect(results.filter((result) => result.status === "fulfilled")).toHaveLength(1);
    expect((await admin.inboxes.list()).filter((inbox) => inbox.name === "Partners")).toHaveLength(1);
  });
});

describe("editing inboxes and rotating secrets", () => {
  it("updates the given fields and records each change in the audit log", async () => {
    const ws = await createWorkspace(handle.db);
    const admin = adminOf(ws);
    const { inbox } = await admin.inboxes.create({ channelType: "api", name: "App", color: "#111111" });
    const updated = await admin.inboxes.update({
      inboxId: inbox.id,
      name: "Mobile app",
      color: null,
      enforceIdentity: true,
      callbackUrl: "https://1.1.1.1/hooks",
    });
    expect(updated).toMatchObject({
      name: "Mobile app",
      color: null,
      enforceIdentity: true,
      callbackUrl: "https://1.1.1.1/hooks",
    });
    // The same values again change nothing and record nothing.
    await admin.inboxes.update({ inboxId: inbox.id, name: "Mobile app", enforceIdentity: true });
    const cleared = await admin.inboxes.update({ inboxId: inbox.id, callbackUrl: "" });
    expect(cleared.callbackUrl).toBeNull();

    const entries = (await auditOf(ws)).filter((entry) => entry.action === "inbox.updated");
    expect(entries.map((entry) => entry.details)).toEqual([
      {
        name: "Mobile app",
        changes: {
          name: { from: "App", to: "Mobile app" },
          color: { from: "#111111", to: null },
          enforceIdentity: { from: false, to: true },
          callbackUrl: { from: null, to: "https://1.1.1.1/hooks" },
        },
      },
      { name: "Mobile app", changes: { callbackUrl: { from: "https://1.1.1.1/hooks", to: null } } },
    ]);
    expect(entries.every((entry) => entry.actorUserId === ws.admin.userId && entry.targetId === inbox.id)).toBe(true);
  });

  it("refuses bad updates: unknown fields, a private callback URL, a callback on a website inbox", async () => {
    const ws = await createWorkspace(handle.db);
    const admin = adminOf(ws);
    const { inbox } = await admin.inboxes.create({ channelType: "api", name: "App" });
    await expectFailure(
      admin.inboxes.update({ inboxId: inbox.id, publicToken: "mine" } as never),
      "BAD_REQUEST",
      'Unknown field "publicToken"',
    );
    await expectFailure(
      admin.inboxes.update({ inboxId: inbox.id, callbackUrl: "http://192.168.0.1/" }),
      "BAD_REQUEST",
      /must reach a public address/,
    );
    await expectFailure(
      admin.inboxes.update({ inboxId: ws.inboxId, callbackUrl: "https://1.1.1.1/" }),
      "BAD_REQUEST",
      "Only API inboxes have a callback URL",
    );
    await expectFailure(
      admin.inboxes.update({ inboxId: inbox.id, name: "Website" }),
      "CONFLICT",
      'An inbox named "Website" already exists',
    );
    await expectFailure(admin.inboxes.rotateWebhookSecret({ inboxId: ws.inboxId }), "BAD_REQUEST", /Only API inboxes/);
    expect((await auditOf(ws)).map((entry) => entry.action)).toEqual(["inbox.created"]);
  });

  it("rotates the identity and webhook secrets, showing each new secret once and auditing it without the secret", async () => {
    const ws = await createWorkspace(handle.db);
    const admin = adminOf(ws);
    const created = await admin.inboxes.create({ channelType: "api", name: "App" });
    const identity = await admin.inboxes.rotateIdentitySecret({ inboxId: created.inbox.id });
    const webhook = await admin.inboxes.rotateWebhookSecret({ inboxId: created.inbox.id });
    expect(identity.secret).toMatch(/^[0-9a-f]{64}$/);
    expect(identity.secret).not.toBe(created.secrets.identitySecret);
    expect(webhook.secret).toMatch(/^whsec_/);
    expect(webhook.secret).not.toBe(created.secrets.webhookSecret);
    const row = await storedInbox(created.inbox.id);
    expect([row.identitySecret, row.webhookSecret]).toEqual([identity.secret, webhook.secret]);
    expect(webhook.inbox.identitySecret.rotatedAt!.getTime()).toBeGreaterThanOrEqual(
      created.inbox.identitySecret.rotatedAt!.getTime(),
    );

    const entries = await auditOf(ws);
    expect(entries.map((entry) => entry.action).sort()).toEqual([
      "inbox.created",
      "inbox.identity_secret_rotated",
      "inbox.webhook_secret_rotated",
    ]);
    const logged = JSON.stringify(entries);
    for (const secret of [
      created.secrets.identitySecret,
      created.secrets.webhookSecret!,
      identity.secret,
      webhook.secret,
    ])
      expect(logged).not.toContain(secret);
  });
});

describe("who may manage inboxes", () => {
  it("refuses agents and supervisors every inbox procedure", async () => {
    const ws = await createWorkspace(handle.db);
    const callers = [callerFor(handle.db, recordingDispatcher(), ws.agent), await supervisorOf(ws)];
    for (const caller of callers) {
      const calls = [
        caller.inboxes.list(),
        caller.inboxes.get({ inboxId: ws.inboxId }),
        caller.inboxes.create({ channelType: "api", name: "Sneaky" }),
        caller.inboxes.update({ inboxId: ws.inboxId, name: "Renamed" }),
        caller.inboxes.rotateIdentitySecret({ inboxId: ws.inboxId }),
        caller.inboxes.rotateWebhookSecret({ inboxId: ws.inboxId }),
        caller.audit.list({}),
      ];
      for (const call of calls) await expectFailure(call, "FORBIDDEN", "Admins only");
    }
    await expectFailure(callerFor(handle.db, recordingDispatcher(), null).inboxes.list(), "UNAUTHORIZED");
    expect((await storedInbox(ws.inboxId)).name).toBe("Website");
    expect(await auditOf(ws)).toEqual([]);
  });

  it("keeps each workspace's inboxes to itself", async () => {
    const a = await createWorkspace(handle.db);
    const b = await createWorkspace(handle.db);
    const adminA = adminOf(a);
    const before = await storedInbox(b.inboxId);
    expect((await adminA.inboxes.list()).map((inbox) => inbox.id)).toEqual([a.inboxId]);
    await expectFailure(adminA.inboxes.get({ inboxId: b.inboxId }), "NOT_FOUND", "Inbox not found");
    await expectFailure(adminA.inboxes.update({ inboxId: b.inboxId, name: "Mine" }), "NOT_FOUND", "Inbox not found");
    await expectFailure(adminA.inboxes.rotateIdentitySecret({ inboxId: b.inboxId }), "NOT_FOUND", "Inbox not found");
    await expectFailure(adminA.inboxes.rotateWebhookSecret({ inboxId: b.inboxId }), "NOT_FOUND", "Inbox not found");
    await expect(updateInbox(handle.db, a.admin, { inboxId: b.inboxId, enforceIdentity: true })).rejects.toThrow(
      "Inbox not found",
    );
    expect(await storedInbox(b.inboxId)).toEqual(before);
    expect(await auditOf(b)).toEqual([]);
    // The same name in another workspace is fine.
    await adminA.inboxes.create({ channelType: "api", name: "Shared name" });
    await adminOf(b).inboxes.create({ channelType: "api", name: "Shared name" });
  });
});
