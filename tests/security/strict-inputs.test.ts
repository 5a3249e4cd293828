import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DatabaseHandle } from "@/db";
import { contacts, memberships, users } from "@/db/schema";
import { mergeContactsByAgent } from "@/server/services/contact/merge-contacts-by-agent";
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
import pino from "pino";
import { outboundChannels } from "@/server/channels/outbound";
import { startJobQueue, type JobQueue } from "@/server/jobs/queue";
import { failedDelivery } from "../support/callbacks";

let handle: DatabaseHandle;
let ws: TestWorkspace;
let admin: ReturnType<typeof callerFor>;
let anonymous: ReturnType<typeof callerFor>;
let visitor: { inboxToken: string; visitorToken: string };
let conversationId: string;
let contactId: string;
let endableSessionId: string;
let removableUserId: string;
let teamId: string;
let apiInboxId: string;
let replayableDeliveryId: string;
let jobs: JobQueue;
let spareContactIds: string[];
let undoableMergeId: string;
let revokableInvitationId: string;
let lookupToken: string;
let acceptToken: string;

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
  ({ teamId } = await admin.routing.createTeam({
    name: "Strict",
    strategy: "manual",
    calendarId: null,
    memberIds: [],
  }));
  apiInboxId = (await admin.inboxes.create({ channelType: "api", name: "API" })).inbox.id;
  replayableDeliveryId = await failedDelivery(handle.db, ws);
  // Replay enqueues a job; no worker runs here.
  jobs = await startJobQueue(
    { db: handle.db, dispatcher },
    {
      schema: "jobs_strict_inputs",
      workers: false,
      log: pino({ level: "silent" }),
      outbound: outboundChannels({ allowLoopback: false, callbackTimeoutSeconds: 1 }),
    },
  );
  const spare = await handle.db
    .insert(contacts)
    .values(
      ["Merge me", "Dismiss me", "Undo survivor", "Undo merged"].map((name) => ({ workspaceId: ws.workspaceId, name })),
    )
    .returning();
  spareContactIds = spare.map((row) => row.id);
  ({ mergeId: undoableMergeId } = await mergeContactsByAgent({ db: handle.db, dispatcher }, ws.admin, {
    survivorId: spareContactIds[2]!,
    mergedId: spareContactIds[3]!,
  }));
  const invite = () => admin.invitations.invite({ email: `invitee-${clientId()}@example.test`, role: "agent" });
  revokableInvitationId = (await invite()).invitationId;
  lookupToken = (await invite()).path.split("#")[1]!;
  acceptToken = (await invite()).path.split("#")[1]!;
});
afterAll(async () => {
  await jobs.stop();
  await handle.close();
});

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
  "contacts.duplicates": { call: () => admin.contacts.duplicates as Call, valid: () => ({ contactId }) },
  "contacts.merges": { call: () => admin.contacts.merges as Call, valid: () => ({ contactId }) },
  "contacts.merge": {
    call: () => admin.contacts.merge as Call,
    valid: () => ({ survivorId: contactId, mergedId: spareContactIds[0] }),
  },
  "contacts.undoMerge": { call: () => admin.contacts.undoMerge as Call, valid: () => ({ mergeId: undoableMergeId }) },
  "contacts.dismissDuplicate": {
    call: () => admin.contacts.dismissDuplicate as Call,
    valid: () => ({ contactId, otherContactId: spareContactIds[1] }),
  },
  "contacts.startConversation": {
    call: () => admin.contacts.startConversation as Call,
    valid: () => ({ contactId, inboxId: ws.inboxId, body: "Following up", clientMessageId: clientId() }),
  },
  "widget.session": { call: () => anonymous.widget.session as Call, valid: () => ({ inboxToken: ws.inboxToken }) },
  "widget.messages": { call: () => anonymous.widget.messages as Call, valid: () => ({ ...visitor, conversationId }) },
  "widget.queue": { call: () => anonymous.widget.queue as Call, valid: () => ({ ...visitor, conversationId }) },
  "widget.markRead": {
    call: () => anonymous.widget.markRead as Call,
    valid: () => ({ ...visitor, conversationId, seq: 1 }),
  },
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
  "inboxes.list": { call: () => admin.inboxes.list as Call, valid: () => ({}) },
  "inboxes.get": { call: () => admin.inboxes.get as Call, valid: () => ({ inboxId: ws.inboxId }) },
  "inboxes.create": {
    call: () => admin.inboxes.create as Call,
    valid: () => ({ channelType: "web_widget", name: `Site ${clientId()}` }),
  },
  "inboxes.update": {
    call: () => admin.inboxes.update as Call,
    valid: () => ({ inboxId: ws.inboxId, greeting: "Hello" }),
  },
  "inboxes.rotateIdentitySecret": {
    call: () => admin.inboxes.rotateIdentitySecret as Call,
    valid: () => ({ inboxId: ws.inboxId }),
  },
  "inboxes.rotateWebhookSecret": {
    call: () => admin.inboxes.rotateWebhookSecret as Call,
    valid: () => ({ inboxId: apiInboxId }),
  },
  "audit.list": { call: () => admin.audit.list as Call, valid: () => ({}) },
  "deliveries.listFailed": { call: () => admin.deliveries.listFailed as Call, valid: () => ({}) },
  "deliveries.replay": {
    call: () => admin.deliveries.replay as Call,
    valid: () => ({ deliveryId: replayableDeliveryId }),
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
  "account.profile": { call: () => admin.account.profile as Call, valid: () => ({}) },
  "account.updateProfile": {
    call: () => admin.account.updateProfile as Call,
    valid: () => ({ name: "Strict Admin", avatarUrl: null }),
  },
  "invitations.list": { call: () => admin.invitations.list as Call, valid: () => ({}) },
  "invitations.invite": {
    call: () => admin.invitations.invite as Call,
    valid: () => ({ email: `strict-${clientId()}@example.test`, role: "agent" }),
  },
  "invitations.revoke": {
    call: () => admin.invitations.revoke as Call,
    valid: () => ({ invitationId: revokableInvitationId }),
  },
  "invitations.lookup": { call: () => anonymous.invitations.lookup as Call, valid: () => ({ token: lookupToken }) },
  "invitations.accept": {
    call: () => anonymous.invitations.accept as Call,
    valid: () => ({ token: acceptToken, name: "Strict Invitee", password: "a long enough password" }),
  },
  "routing.myAvailability": { call: () => admin.routing.myAvailability as Call, valid: () => ({}) },
  "routing.setAvailability": {
    call: () => admin.routing.setAvailability as Call,
    valid: () => ({ availability: "away" }),
  },
  "routing.claimNext": { call: () => admin.routing.claimNext as Call, valid: () => ({}) },
  "routing.transferTargets": { call: () => admin.routing.transferTargets as Call, valid: () => ({}) },
  "routing.transfer": {
    call: () => admin.routing.transfer as Call,
    valid: () => ({ conversationId, to: { kind: "team", teamId } }),
  },
  "routing.overview": { call: () => admin.routing.overview as Call, valid: () => ({}) },
  "routing.report": {
    call: () => admin.routing.report as Call,
    valid: () => ({ from: "2026-01-01T00:00:00Z", to: "2026-02-01T00:00:00Z" }),
  },
  "routing.settings": { call: () => admin.routing.settings as Call, valid: () => ({}) },
  "routing.testRules": {
    call: () => admin.routing.testRules as Call,
    valid: () => ({ inboxId: ws.inboxId, text: "refund please" }),
  },
  "routing.replay": { call: () => admin.routing.replay as Call, valid: () => ({ rules: [], days: 7, limit: 10 }) },
  "routing.createTeam": {
    call: () => admin.routing.createTeam as Call,
    valid: () => ({ name: `Team ${clientId()}`, strategy: "manual", calendarId: null, memberIds: [] }),
  },
  "routing.updateTeam": {
    call: () => admin.routing.updateTeam as Call,
    valid: () => ({ teamId, name: "Strict", strategy: "least_busy", calendarId: null, memberIds: [ws.agent.userId] }),
  },
  "routing.updateAgentProfile": {
    call: () => admin.routing.updateAgentProfile as Call,
    valid: () => ({ userId: ws.agent.userId, skills: ["billing"], capacity: 3 }),
  },
  "routing.saveCalendar": {
    call: () => admin.routing.saveCalendar as Call,
    valid: () => ({ name: `Hours ${clientId()}`, timeZone: "UTC", weekly: [], holidays: [] }),
  },
  "routing.saveSlaPolicy": {
    call: () => admin.routing.saveSlaPolicy as Call,
    valid: () => ({
      priority: "low",
      firstResponseMinutes: 60,
      nextResponseMinutes: null,
      resolutionMinutes: null,
      warnBeforeMinutes: 10,
      calendarId: null,
      escalation: { raisePriority: false, notifySupervisors: true, reassign: false },
      enabled: true,
    }),
  },
  "routing.setInboxTeam": {
    call: () => admin.routing.setInboxTeam as Call,
    valid: () => ({ inboxId: ws.inboxId, teamId }),
  },
  "routing.saveDraft": { call: () => admin.routing.saveDraft as Call, valid: () => ({ rules: [] }) },
  // After saveDraft, so a draft exists to publish.
  "routing.publish": { call: () => admin.routing.publish as Call, valid: () => ({}) },
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
