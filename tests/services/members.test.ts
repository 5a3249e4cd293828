import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DatabaseHandle } from "@/db";
import { agentRoutingProfiles, conversations, memberships, teamMembers } from "@/db/schema";
import { runTransaction } from "@/db/run-transaction";
import { routeConversation } from "@/server/services/routing/route-conversation";
import { resolveSession } from "@/server/services/session/resolve-session";
import type { SessionPolicy } from "@/server/services/session/session-policy";
import { startSession } from "@/server/services/session/start-session";
import { sendWidgetMessage } from "@/server/services/widget/send-widget-message";
import { callerFor } from "../support/caller";
import { openTestDatabase } from "../support/database";
import {
  clientId,
  createVisitor,
  createWorkspace,
  recordingDispatcher,
  testRequester,
  type TestWorkspace,
  widgetContext,
} from "../support/factories";
import { addAgents, addTeam, newConversations } from "../support/routing";
import { expectFailure } from "../support/trpc-error";

const policy: SessionPolicy = { idleMs: 3_600_000, maxAgeMs: 36_000_000 };
let handle: DatabaseHandle;

beforeAll(async () => {
  handle = await openTestDatabase();
});
afterAll(() => handle.close());

const adminOf = (ws: TestWorkspace) => callerFor(handle.db, recordingDispatcher(), ws.admin);
const signIn = (ws: TestWorkspace, who: TestWorkspace["agent"]) =>
  startSession(handle.db, policy, { userId: who.userId, workspaceId: ws.workspaceId });

describe("managing the people of a workspace", () => {
  it("lists members with their role and whether they are active", async () => {
    const ws = await createWorkspace(handle.db);
    const members = await callerFor(handle.db, recordingDispatcher(), ws.agent).workspace.members();
    expect(members.map((member) => [member.email, member.role, member.active]).sort()).toEqual(
      [
        [ws.admin.email, "admin", true],
        [ws.agent.email, "agent", true],
      ].sort(),
    );
  });

  it("changes a role, effective on the member's next request", async () => {
    const ws = await createWorkspace(handle.db);
    const sessionId = await signIn(ws, ws.agent);
    await adminOf(ws).workspace.changeMemberRole({ userId: ws.agent.userId, role: "supervisor" });
    expect((await resolveSession(handle.db, policy, sessionId))?.role).toBe("supervisor");
  });

  it("deactivates a member, ending their sessions, and reactivates them", async () => {
    const ws = await createWorkspace(handle.db);
    const sessionId = await signIn(ws, ws.agent);
    await adminOf(ws).workspace.deactivateMember({ userId: ws.agent.userId });
    expect(await resolveSession(handle.db, policy, sessionId)).toBeNull();
    const members = await adminOf(ws).workspace.members();
    expect(members.find((member) => member.userId === ws.agent.userId)?.active).toBe(false);
    await adminOf(ws).workspace.reactivateMember({ userId: ws.agent.userId });
    // Old sessions stay ended; a new sign-in works.
    expect(await resolveSession(handle.db, policy, sessionId)).toBeNull();
    expect(await resolveSession(handle.db, policy, await signIn(ws, ws.agent))).not.toBeNull();
  });

  it("removes a member: sessions end and their open conversations return to the queue with an event", async () => {
    const ws = await createWorkspace(handle.db);
    const sessionId = await signIn(ws, ws.agent);
    const visitor = await createVisitor(handle.db, ws);
    const sent = await sendWidgetMessage(
      widgetContext({ db: handle.db, dispatcher: recordingDispatcher() }),
      testRequester(),
      {
        ...visitor,
        body: "Hello?",
        clientMessageId: clientId(),
      },
    );
    await handle.db
      .update(conversations)
      .set({ assigneeId: ws.agent.userId })
      .where(eq(conversations.id, sent.conversationId));

    const dispatcher = recordingDispatcher();
    await callerFor(handle.db, dispatcher, ws.admin).workspace.removeMember({ userId: ws.agent.userId });

    expect(await resolveSession(handle.db, policy, sessionId)).toBeNull();
    const [conversation] = await handle.db
      .select()
      .from(conversations)
      .where(eq(conversations.id, sent.conversationId));
    expect(conversation?.assigneeId).toBeNull();
    expect(dispatcher.dispatched.map((event) => [event.type, event.conversationId])).toEqual([
      ["conversation.updated", sent.conversationId],
    ]);
    const left = await handle.db
      .select()
      .from(memberships)
      .where(and(eq(memberships.workspaceId, ws.workspaceId), eq(memberships.userId, ws.agent.userId)));
    expect(left).toHaveLength(0);
  });

  it("keeps one active admin and refuses to act on yourself", async () => {
    const ws = await createWorkspace(handle.db);
    await expectFailure(
      adminOf(ws).workspace.changeMemberRole({ userId: ws.admin.userId, role: "agent" }),
      "CONFLICT",
      "A workspace needs at least one active admin",
    );
    await expectFailure(adminOf(ws).workspace.deactivateMember({ userId: ws.admin.userId }), "CONFLICT");
    await expectFailure(adminOf(ws).workspace.removeMember({ userId: ws.admin.userId }), "CONFLICT");
    // With a second admin, the first may step down.
    await adminOf(ws).workspace.changeMemberRole({ userId: ws.agent.userId, role: "admin" });
    await adminOf(ws).workspace.changeMemberRole({ userId: ws.admin.userId, role: "agent" });
  });

  it("is for admins only", async () => {
    const ws = await createWorkspace(handle.db);
    const agent = callerFor(handle.db, recordingDispatcher(), ws.agent);
    await expectFailure(agent.workspace.changeMemberRole({ userId: ws.agent.userId, role: "admin" }), "FORBIDDEN");
    await expectFailure(agent.workspace.deactivateMember({ userId: ws.admin.userId }), "FORBIDDEN");
    await expectFailure(agent.workspace.removeMember({ userId: ws.admin.userId }), "FORBIDDEN");
    await expectFailure(callerFor(handle.db, recordingDispatcher(), null).workspace.members(), "UNAUTHORIZED");
  });

  it("never reaches another workspace's members", async () => {
    const ws = await createWorkspace(handle.db);
    const other = await createWorkspace(handle.db);
    const theirSession = await signIn(other, other.agent);
    const attempts = [
      () => adminOf(ws).workspace.changeMemberRole({ userId: other.agent.userId, role: "admin" }),
      () => adminOf(ws).workspace.deactivateMember({ userId: other.agent.userId }),
      () => adminOf(ws).workspace.reactivateMember({ userId: other.agent.userId }),
      () => adminOf(ws).workspace.removeMember({ userId: other.agent.userId }),
    ];
    for (const attempt of attempts) await expectFailure(attempt(), "NOT_FOUND", "Member not found");
    const agent = await resolveSession(handle.db, policy, theirSession);
    expect(agent).toMatchObject({ role: "agent", workspaceId: other.workspaceId });
    const listed = await adminOf(ws).workspace.members();
    expect(listed.map((member) => member.userId)).not.toContain(other.agent.userId);
  });

  it("refuses unknown fields and bad roles with a clear message", async () => {
    const ws = await createWorkspace(handle.db);
    await expectFailure(
      adminOf(ws).workspace.changeMemberRole({ userId: ws.agent.userId, role: "owner" as "admin" }),
      "BAD_REQUEST",
      "Role must be agent, supervisor or admin",
    );
    await expectFailure(
      adminOf(ws).workspace.removeMember({ userId: ws.agent.userId, force: true } as { userId: string }),
      "BAD_REQUEST",
    );
  });

  it("takes a removed member out of their teams and routing, so nothing is handed to them and the team can be saved", async () => {
    const ws = await createWorkspace(handle.db);
    const [leaving, staying] = await addAgents(handle.db, ws, 2, { capacity: 5 });
    const teamId = await addTeam(handle.db, ws, [leaving!, staying!], "round_robin");
    await adminOf(ws).workspace.removeMember({ userId: leaving!.userId });

    const inTeam = await handle.db.select().from(teamMembers).where(eq(teamMembers.teamId, teamId));
    expect(inTeam.map((row) => row.userId)).toEqual([staying!.userId]);
    const profiles = await handle.db
      .select()
      .from(agentRoutingProfiles)
      .where(eq(agentRoutingProfiles.userId, leaving!.userId));
    expect(profiles).toEqual([]);
    const route = (conversationId: string) =>
      runTransaction(handle.db, (tx) =>
        routeConversation(tx, {
          workspaceId: ws.workspaceId,
          conversationId,
          trigger: "new_conversation",
          text: "hello",
          now: new Date(),
        }),
      );
    for (const id of await newConversations(handle.db, ws, 3)) {
      expect((await route(id)).assigneeId).toBe(staying!.userId);
    }
    // The team's page lists the people left and saves them.
    await adminOf(ws).routing.updateTeam({
      teamId,
      name: "Still here",
      strategy: "least_busy",
      calendarId: null,
      memberIds: [staying!.userId],
    });
  });

  it("shows a deactivated member as offline to routing", async () => {
    const ws = await createWorkspace(handle.db);
    const [agent] = await addAgents(handle.db, ws, 1, { capacity: 5 });
    await adminOf(ws).workspace.deactivateMember({ userId: agent!.userId });
    const [profile] = await handle.db
      .select()
      .from(agentRoutingProfiles)
      .where(eq(agentRoutingProfiles.userId, agent!.userId));
    expect(profile?.availability).toBe("offline");
    expect(profile?.offlineSince).toBeInstanceOf(Date);
  });
});
