import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DatabaseHandle } from "@/db";
import { conversations, events, memberships, users } from "@/db/schema";
import { hashPassword } from "@/server/auth/password";
import { sendWidgetMessage } from "@/server/services/widget/send-widget-message";
import { callerFor } from "../support/caller";
import { openTestDatabase } from "../support/database";
import {
  clientId,
  createVisitor,
  createWorkspace,
  recordingDispatcher,
  testRequester,
  widgetContext,
  type TestWorkspace,
} from "../support/factories";
import { expectFailure } from "../support/trpc-error";

let handle: DatabaseHandle;
let ws: TestWorkspace;
let other: TestWorkspace;
let supervisor: TestWorkspace["agent"];

beforeAll(async () => {
  handle = await openTestDatabase();
  ws = await createWorkspace(handle.db);
  other = await createWorkspace(handle.db);
  const [user] = await handle.db
    .insert(users)
    .values({ email: `sup-${Date.now()}@example.test`, name: "Sue Supervisor", passwordHash: await hashPassword("x") })
    .returning();
  await handle.db.insert(memberships).values({ workspaceId: ws.workspaceId, userId: user!.id, role: "supervisor" });
  supervisor = { ...ws.agent, userId: user!.id, role: "supervisor", name: user!.name, email: user!.email };
});
afterAll(() => handle.close());

async function newConversation(workspace = ws): Promise<string> {
  const visitor = await createVisitor(handle.db, workspace);
  const sent = await sendWidgetMessage(
    widgetContext({ db: handle.db, dispatcher: recordingDispatcher() }),
    testRequester(),
    {
      ...visitor,
      body: "I need help",
      clientMessageId: clientId(),
    },
  );
  return sent.conversationId;
}

const assigneeOf = async (conversationId: string) =>
  (await handle.db.select().from(conversations).where(eq(conversations.id, conversationId)))[0]?.assigneeId;

describe("assigning conversations", () => {
  it("lets an agent take a conversation and let go of it, announcing each change", async () => {
    const conversationId = await newConversation();
    const dispatcher = recordingDispatcher();
    const agent = callerFor(handle.db, dispatcher, ws.agent);

    await agent.conversations.assign({ conversationId, assigneeId: ws.agent.userId });
    expect(await assigneeOf(conversationId)).toBe(ws.agent.userId);
    const mine = await agent.conversations.list({ assignee: "me" });
    expect(mine.items.map((item) => item.id)).toContain(conversationId);

    await agent.conversations.assign({ conversationId, assigneeId: null });
    expect(await assigneeOf(conversationId)).toBeNull();
    expect(dispatcher.dispatched.map((event) => [event.type, event.payload.assigneeId])).toEqual([
      ["conversation.updated", ws.agent.userId],
      ["conversation.updated", null],
    ]);
  });

  it("keeps handing work to someone else for supervisors and admins", async () => {
    const conversationId = await newConversation();
    const agent = callerFor(handle.db, recordingDispatcher(), ws.agent);
    await expectFailure(
      agent.conversations.assign({ conversationId, assigneeId: supervisor.userId }),
      "FORBIDDEN",
      /supervisors and admins/,
    );
    expect(await assigneeOf(conversationId)).toBeNull();

    await callerFor(handle.db, recordingDispatcher(), supervisor).conversations.assign({
      conversationId,
      assigneeId: ws.agent.userId,
    });
    expect(await assigneeOf(conversationId)).toBe(ws.agent.userId);
    await callerFor(handle.db, recordingDispatcher(), ws.admin).conversations.assign({
      conversationId,
      assigneeId: supervisor.userId,
    });
    expect(await assigneeOf(conversationId)).toBe(supervisor.userId);

    // An agent cannot unassign a conversation that belongs to someone else.
    await expectFailure(agent.conversations.assign({ conversationId, assigneeId: null }), "FORBIDDEN");
    expect(await assigneeOf(conversationId)).toBe(supervisor.userId);
  });

  it("never assigns to someone outside the workspace, nor touches another workspace's conversation", async () => {
    const conversationId = await newConversation();
    const admin = callerFor(handle.db, recordingDispatcher(), ws.admin);
    await expectFailure(
      admin.conversations.assign({ conversationId, assigneeId: other.agent.userId }),
      "NOT_FOUND",
      /not a member/,
    );
    expect(await assigneeOf(conversationId)).toBeNull();

    const foreign = await newConversation(other);
    await expectFailure(
      admin.conversations.assign({ conversationId: foreign, assigneeId: ws.admin.userId }),
      "NOT_FOUND",
      "Conversation not found",
    );
    expect(await assigneeOf(foreign)).toBeNull();
  });

  it("lists the workspace's members for the assignee picker, and only them", async () => {
    const members = await callerFor(handle.db, recordingDispatcher(), ws.agent).workspace.members();
    expect(members.map((member) => member.userId).sort()).toEqual(
      [ws.agent.userId, ws.admin.userId, supervisor.userId].sort(),
    );
    expect(members.some((member) => member.userId === other.agent.userId)).toBe(false);
  });
});

describe("changing priority", () => {
  it("moves a conversation up the triage order and records the change", async () => {
    const first = await newConversation();
    const second = await newConversation();
    const agent = callerFor(handle.db, recordingDispatcher(), ws.agent);
    await agent.conversations.setPriority({ conversationId: first, priority: "urgent" });
    const list = await agent.conversations.list({ status: "open" });
    const ids = list.items.map((item) => item.id);
    expect(ids.indexOf(first)).toBeLessThan(ids.indexOf(second));
    expect(list.items.find((item) => item.id === first)?.priority).toBe("urgent");
    const recorded = await handle.db.select().from(events).where(eq(events.conversationId, first));
    expect(recorded.some((event) => event.type === "conversation.updated" && event.payload.priority === "urgent")).toBe(
      true,
    );
  });

  it("rejects an unknown priority and another workspace's conversation", async () => {
    const foreign = await newConversation(other);
    const agent = callerFor(handle.db, recordingDispatcher(), ws.agent);
    await expectFailure(
      agent.conversations.setPriority({ conversationId: foreign, priority: "high" }),
      "NOT_FOUND",
      "Conversation not found",
    );
    await expectFailure(
      agent.conversations.setPriority({ conversationId: foreign, priority: "critical" as "high" }),
      "BAD_REQUEST",
    );
    const [row] = await handle.db.select().from(conversations).where(eq(conversations.id, foreign));
    expect(row?.priority).toBe("normal");
  });
});
