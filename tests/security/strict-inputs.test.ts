import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DatabaseHandle } from "@/db";
import { memberships, users } from "@/db/schema";
import { startSession } from "@/server/services/session/start-session";
import { appRouter } from "@/server/trpc/root";
import { callerFor } from "../support/caller";
import { countsFor } from "../support/counts";
import { openTestDatabase } from "../support/database";
import {
  clientId,
  createVisitor,
  createWorkspace,
  recordingDispatcher,
  type TestWorkspace,
} from "../support/factories";
import { expectFailure } from "../support/trpc-error";

let handle: DatabaseHandle;
let ws: TestWorkspace;
let admin: ReturnType<typeof callerFor>;
let anonymous: ReturnType<typeof callerFor>;
let visitor: { inboxToken: string; visitorToken: string };
let conversationId: string;
let contactId: string;
let endableSessionId: string;
let removableUserId: string;

beforeAll(async () => {
  handle = await openTestDatabase();
  ws = await createWorkspace(handle.db);
  const dispatcher = recordingDispatcher();
  admin = callerFor(handle.db, dispatcher, ws.admin);
  anonymous = callerFor(handle.db, dispatcher, null);
  visitor = await createVisitor(handle.db, ws);
  const first = await anonymous.widget.send({ ...visitor, body: "Hello", clientMessageId: clientId() });
  conversationId = first.conversationId;
  contactId = (await admin.conversations.get({ conversationId })).contact.id;
  endableSessionId = await startSession(
    handle.db,
    { idleMs: 3_600_000, maxAgeMs: 3_600_000 },
    { userId: ws.admin.userId, workspaceId: ws.workspaceId },
  );
  const [extra] = await handle.db
    .insert(users)
    .values({ email: `extra-${clientId()}@example.test`, name: "Extra", passwordHash: "x" })
    .returning();
  removableUserId = extra!.id;
  await handle.db.insert(memberships).values({ workspaceId: ws.workspaceId, userId: removableUserId, role: "agent" });
});
afterAll(() => handle.close());

type Call = (input: Record<string, unknown>) => Promise<unknown>;

/** Every procedure of the app with an input it accepts; a new procedure fails the coverage test below. */
const procedures: Record<string, { call: () => Call; valid: () => Record<string, unknown> }> = {
  "conversations.list": { call: () => admin.conversations.list as Call, valid: () => ({ status: "all" }) },
  "conversations.get": { call: () => admin.conversations.get as Call, valid: () => ({ conversationId }) },
  "conversations.markRead": { call: () => admin.conversations.markRead as Call, valid: () => ({ conversationId }) },
  "conversations.resolve": { call: () => admin.conversations.resolve as Call, valid: () => ({ conversationId }) },
  "conversations.reopen": { call: () => admin.conversations.reopen as Call, valid: () => ({ conversationId }) },
  "conversations.assign": {
    call: () => admin.conversations.assign as Call,
    valid: () => ({ conversationId, assigneeId: null }),
  },
  "conversations.setPriority": {
    call: () => admin.conversations.setPriority as Call,
    valid: () => ({ conversationId, priority: "high" }),
  },
  "messages.list": { call: () => admin.messages.list as Call, valid: () => ({ conversationId }) },
  "messages.send": {
    call: () => admin.messages.send as Call,
    valid: () => ({ conversationId, body: "Hi", clientMessageId: clientId() }),
  },
  "contacts.get": { call: () => admin.contacts.get as Call, valid: () => ({ contactId }) },
  "widget.session": { call: () => anonymous.widget.session as Call, valid: () => ({ inboxToken: ws.inboxToken }) },
  "widget.messages": { call: () => anonymous.widget.messages as Call, valid: () => ({ ...visitor, conversationId }) },
  "widget.send": {
    call: () => anonymous.widget.send as Call,
    valid: () => ({ ...visitor, body: "Hi", clientMessageId: clientId() }),
  },
  "workspace.members": { call: () => admin.workspace.members as Call, valid: () => ({}) },
  "workspace.changeMemberRole": {
    call: () => admin.workspace.changeMemberRole as Call,
    valid: () => ({ userId: ws.agent.userId, role: "agent" }),
  },
  "workspace.deactivateMember": {
    call: () => admin.workspace.deactivateMember as Call,
    valid: () => ({ userId: ws.agent.userId }),
  },
  "workspace.reactivateMember": {
    call: () => admin.workspace.reactivateMember as Call,
    valid: () => ({ userId: ws.agent.userId }),
  },
  "workspace.removeMember": {
    call: () => admin.workspace.removeMember as Call,
    valid: () => ({ userId: removableUserId }),
  },
  "account.sessions": { call: () => admin.account.sessions as Call, valid: () => ({}) },
  "account.endSession": {
    call: () => admin.account.endSession as Call,
    valid: () => ({ sessionId: endableSessionId }),
  },
  "account.endOtherSessions": {
    call: () => admin.account.endOtherSessions as Call,
    valid: () => ({ currentPassword: ws.password }),
  },
  "account.changePassword": {
    call: () => admin.account.changePassword as Call,
    valid: () => ({ currentPassword: ws.password, newPassword: ws.password }),
  },
};

describe("strict inputs", () => {
  it("covers every procedure of the router", () => {
    expect(Object.keys(procedures).sort()).toEqual(Object.keys(appRouter._def.procedures).sort());
  });

  for (const [path, procedure] of Object.entries(procedures)) {
    it(`${path} refuses an unknown field by name, stores nothing, and accepts the same input without it`, async () => {
      const before = await countsFor(handle.db, ws.workspaceId);
      const error = await expectFailure(
        procedure.call()({ ...procedure.valid(), isAdmin: true }),
        "BAD_REQUEST",
        'Unknown field "isAdmin"',
      );
      expect(error.httpStatus).toBe(400);
      expect(error.data.fieldErrors).toEqual([{ path: "", message: 'Unknown field "isAdmin"' }]);
      expect(await countsFor(handle.db, ws.workspaceId)).toEqual(before);
      await procedure.call()(procedure.valid());
    });
  }

  it("names several unknown fields at once, and only the first three", async () => {
    await expectFailure(
      admin.conversations.get({ conversationId, role: "admin", workspaceId: "ws_other" } as never),
      "BAD_REQUEST",
      'Unknown fields "role", "workspaceId"',
    );
    const many = Object.fromEntries(["a", "b", "c", "d", "e"].map((key) => [key, 1]));
    await expectFailure(
      admin.conversations.get({ conversationId, ...many } as never),
      "BAD_REQUEST",
      'Unknown fields "a", "b", "c"',
    );
  });

  it("keeps a hostile field name short and quoted in the message", async () => {
    const error = await expectFailure(
      anonymous.widget.session({ inboxToken: ws.inboxToken, ["x".repeat(500) + '"\n']: 1 } as never),
      "BAD_REQUEST",
    );
    expect(error.message).toMatch(/^Unknown field "x+"$/);
    expect(error.message.length).toBeLessThan(100);
  });

  it("still accepts the paging direction TanStack infinite queries send with the conversation list", async () => {
    const page = await admin.conversations.list({ status: "all", direction: "forward" });
    expect(page.items.length).toBeGreaterThan(0);
  });
});
