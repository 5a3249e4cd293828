import { and, asc, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DatabaseHandle } from "@/db";
import { auditLog, contactIdentities, contacts, conversations, inboxes } from "@/db/schema";
import { callerFor } from "../../support/caller";
import { countsFor } from "../../support/counts";
import { openTestDatabase } from "../../support/database";
import {
  clientId,
  createVisitor,
  createWorkspace,
  recordingDispatcher,
  type TestWorkspace,
} from "../../support/factories";
import { expectFailure } from "../../support/trpc-error";

let handle: DatabaseHandle;
beforeAll(async () => {
  handle = await openTestDatabase();
});
afterAll(() => handle.close());

/** A workspace with two widget visitors who each wrote once, and the agent's caller. */
async function setup() {
  const db = handle.db;
  const ws = await createWorkspace(db);
  const dispatcher = recordingDispatcher();
  const agent = callerFor(db, dispatcher, ws.agent);
  const widget = callerFor(db, dispatcher, null).widget;
  const visitorWrites = async (body: string) => {
    const visitor = await createVisitor(db, ws);
    const sent = await widget.send({ ...visitor, body, clientMessageId: clientId() });
    const contactId = (await agent.conversations.get({ conversationId: sent.conversationId })).contact.id;
    return { visitor, contactId, conversationId: sent.conversationId };
  };
  return { db, ws, dispatcher, agent, widget, visitorWrites };
}

async function setContact(id: string, fields: { name?: string; email?: string | null; phone?: string | null }) {
  await handle.db.update(contacts).set(fields).where(eq(contacts.id, id));
}

async function snapshotOf(ws: TestWorkspace) {
  const contactRows = await handle.db
    .select({
      id: contacts.id,
      name: contacts.name,
      email: contacts.email,
      phone: contacts.phone,
      attributes: contacts.attributes,
      mergedIntoId: contacts.mergedIntoId,
    })
    .from(contacts)
    .where(eq(contacts.workspaceId, ws.workspaceId))
    .orderBy(asc(contacts.id));
  const identityRows = await handle.db
    .select({ id: contactIdentities.id, contactId: contactIdentities.contactId, verified: contactIdentities.verified })
    .from(contactIdentities)
    .where(eq(contactIdentities.workspaceId, ws.workspaceId))
    .orderBy(asc(contactIdentities.id));
  const conversationRows = await handle.db
    .select({ id: conversations.id, contactId: conversations.contactId })
    .from(conversations)
    .where(eq(conversations.workspaceId, ws.workspaceId))
    .orderBy(asc(conversations.id));
  return { contactRows, identityRows, conversationRows };
}

const auditOf = (ws: TestWorkspace) =>
  handle.db.select().from(auditLog).where(eq(auditLog.workspaceId, ws.workspaceId)).orderBy(asc(auditLog.createdAt));

describe("duplicates and merging", () => {
  it("suggests a contact with the same e-mail in any case, merges it, and undoes the merge exactly", async () => {
    const { ws, agent, dispatcher, visitorWrites } = await setup();
    const maria = await visitorWrites("Checkout is broken");
    const mariaAgain = await visitorWrites("Any non-profit discount?");
    const stranger = await visitorWrites("Hello");
    await setContact(maria.contactId, { name: "Maria Gonzalez", email: "maria@example.com" });
    await setContact(mariaAgain.contactId, { name: "Maria G.", email: "Maria@Example.COM", phone: "+15550001" });
    await setContact(stranger.contactId, { email: "someone@example.com" });

    const suggestions = await agent.contacts.duplicates({ contactId: maria.contactId });
    expect(suggestions).toEqual([expect.objectContaining({ id: mariaAgain.contactId, matchedOn: ["email"] })]);

    const before = await snapshotOf(ws);
    const { mergeId } = await agent.contacts.merge({ survivorId: maria.contactId, mergedId: mariaAgain.contactId });
    expect(dispatcher.dispatched.map((event) => event.type)).toContain("contact.merged");

    const merged = await agent.contacts.get({ contactId: maria.contactId });
    expect(merged).toMatchObject({ name: "Maria Gonzalez", email: "maria@example.com", phone: "+15550001" });
    expect(merged.conversations.map((row) => row.id).sort()).toEqual(
      [maria.conversationId, mariaAgain.conversationId].sort(),
    );
    expect(merged.identities).toHaveLength(2);
    // The merged contact's old link opens the survivor.
    await expect(agent.contacts.get({ contactId: mariaAgain.contactId })).resolves.toMatchObject({
      id: maria.contactId,
      mergedFromId: mariaAgain.contactId,
    });
    expect(await agent.contacts.duplicates({ contactId: maria.contactId })).toEqual([]);
    // The visitor who wrote as the merged contact keeps their conversation in the widget.
    expect(await agent.contacts.merges({ contactId: maria.contactId })).toEqual([
      expect.objectContaining({
        id: mergeId,
        reason: "agent",
        actorName: ws.agent.name,
        undoneAt: null,
        conversationCount: 1,
      }),
    ]);

    await agent.contacts.undoMerge({ mergeId });
    expect(await snapshotOf(ws)).toEqual(before);
    expect(dispatcher.dispatched.map((event) => event.type)).toContain("contact.unmerged");
    const [history] = await agent.contacts.merges({ contactId: maria.contactId });
    expect(history).toMatchObject({ id: mergeId, undoneByName: ws.agent.name });
    expect(history?.undoneAt).not.toBeNull();
    await expectFailure(agent.contacts.undoMerge({ mergeId }), "CONFLICT", "This merge was already undone");

    const audit = await auditOf(ws);
    expect(audit.map((entry) => [entry.action, entry.actorUserId])).toEqual([
      ["contact.merged", ws.agent.userId],
      ["contact.merge_undone", ws.agent.userId],
    ]);
    expect(audit[0]).toMatchObject({ targetId: maria.contactId, details: { mergeId, mergedId: mariaAgain.contactId } });
    // Undone, they are suggested again.
    expect((await agent.contacts.duplicates({ contactId: maria.contactId })).map((row) => row.id)).toEqual([
      mariaAgain.contactId,
    ]);
  });

  it("suggests by phone and never again once the pair is dismissed, in either direction", async () => {
    const { agent, visitorWrites } = await setup();
    const first = await visitorWrites("one");
    const second = await visitorWrites("two");
    await setContact(first.contactId, { phone: "+4915112345678" });
    await setContact(second.contactId, { phone: "+4915112345678" });
    expect(await agent.contacts.duplicates({ contactId: second.contactId })).toEqual([
      expect.objectContaining({ id: first.contactId, matchedOn: ["phone"] }),
    ]);
    await agent.contacts.dismissDuplicate({ contactId: second.contactId, otherContactId: first.contactId });
    await agent.contacts.dismissDuplicate({ contactId: first.contactId, otherContactId: second.contactId });
    expect(await agent.contacts.duplicates({ contactId: first.contactId })).toEqual([]);
    expect(await agent.contacts.duplicates({ contactId: second.contactId })).toEqual([]);
    await expectFailure(
      agent.contacts.dismissDuplicate({ contactId: first.contactId, otherContactId: first.contactId }),
      "BAD_REQUEST",
    );
  });

  it("does not suggest, and refuses to merge, contacts verified as different users", async () => {
    const { db, ws, agent, visitorWrites } = await setup();
    const ana = await visitorWrites("a");
    const bea = await visitorWrites("b");
    await setContact(ana.contactId, { email: "shared@example.com" });
    await setContact(bea.contactId, { email: "shared@example.com" });
    await db.insert(contactIdentities).values([
      { workspaceId: ws.workspaceId, contactId: ana.contactId, kind: "external_id", value: "ana", verified: true },
      { workspaceId: ws.workspaceId, contactId: bea.contactId, kind: "external_id", value: "bea", verified: true },
    ]);
    expect(await agent.contacts.duplicates({ contactId: ana.contactId })).toEqual([]);
    const before = await countsFor(db, ws.workspaceId);
    await expectFailure(agent.contacts.merge({ survivorId: ana.contactId, mergedId: bea.contactId }), "CONFLICT");
    expect(await countsFor(db, ws.workspaceId)).toEqual(before);
    expect(await auditOf(ws)).toEqual([]);
  });

  it("starts a conversation on the contact's website chat that the visitor then sees", async () => {
    const { db, ws, agent, widget, visitorWrites } = await setup();
    const contact = await visitorWrites("Thanks, bye");
    await agent.conversations.resolve({ conversationId: contact.conversationId });
    const detail = await agent.contacts.get({ contactId: contact.contactId });
    expect(detail.reachableInboxes).toEqual([{ id: ws.inboxId, name: "Website", channelType: "web_widget" }]);

    const clientMessageId = clientId();
    const started = await agent.contacts.startConversation({
      contactId: contact.contactId,
      inboxId: ws.inboxId,
      body: "Your order shipped today!",
      clientMessageId,
    });
    const again = await agent.contacts.startConversation({
      contactId: contact.contactId,
      inboxId: ws.inboxId,
      body: "Your order shipped today!",
      clientMessageId,
    });
    expect(again).toEqual({ conversationId: started.conversationId, created: false });
    const session = await widget.session({ inboxToken: ws.inboxToken, visitorToken: contact.visitor.visitorToken });
    expect(session.conversationId).toBe(started.conversationId);
    const page = await widget.messages({ ...contact.visitor, conversationId: started.conversationId });
    expect(page.messages.map((message) => [message.direction, message.body])).toEqual([
      ["outbound", "Your order shipped today!"],
    ]);

    // An inbox the contact never used is not offered.
    const [otherInbox] = await db
      .insert(inboxes)
      .values({ workspaceId: ws.workspaceId, channelType: "api", name: "App", publicToken: `inb_${clientId()}` })
      .returning();
    await expectFailure(
      agent.contacts.startConversation({
        contactId: contact.contactId,
        inboxId: otherInbox!.id,
        body: "Hi",
        clientMessageId: clientId(),
      }),
      "NOT_FOUND",
    );
  });
});

describe("contact tenancy", () => {
  it("keeps one workspace's agents away from another's contacts, duplicates and merges", async () => {
    const a = await setup();
    const b = await setup();
    const bFirst = await b.visitorWrites("b1");
    const bSecond = await b.visitorWrites("b2");
    await setContact(bFirst.contactId, { email: "b@example.com" });
    await setContact(bSecond.contactId, { email: "b@example.com" });
    const bMerge = await b.agent.contacts.merge({ survivorId: bFirst.contactId, mergedId: bSecond.contactId });
    const aContact = await a.visitorWrites("a1");
    await setContact(aContact.contactId, { email: "b@example.com" });

    const before = await snapshotOf(b.ws);
    const notFound = [
      () => a.agent.contacts.get({ contactId: bFirst.contactId }),
      () => a.agent.contacts.duplicates({ contactId: bFirst.contactId }),
      () => a.agent.contacts.merges({ contactId: bFirst.contactId }),
      () => a.agent.contacts.merge({ survivorId: bFirst.contactId, mergedId: bSecond.contactId }),
      () => a.agent.contacts.merge({ survivorId: aContact.contactId, mergedId: bFirst.contactId }),
      () => a.agent.contacts.undoMerge({ mergeId: bMerge.mergeId }),
      () => a.agent.contacts.dismissDuplicate({ contactId: aContact.contactId, otherContactId: bFirst.contactId }),
      () =>
        a.agent.contacts.startConversation({
          contactId: bFirst.contactId,
          inboxId: b.ws.inboxId,
          body: "Hi",
          clientMessageId: clientId(),
        }),
      () =>
        a.agent.contacts.startConversation({
          contactId: aContact.contactId,
          inboxId: b.ws.inboxId,
          body: "Hi",
          clientMessageId: clientId(),
        }),
    ];
    for (const call of notFound) await expectFailure(call(), "NOT_FOUND");
    // The same e-mail in another workspace is never a suggestion.
    expect(await a.agent.contacts.duplicates({ contactId: aContact.contactId })).toEqual([]);
    expect(await snapshotOf(b.ws)).toEqual(before);
    expect(await auditOf(b.ws)).toHaveLength(1);
    expect(
      await handle.db
        .select()
        .from(auditLog)
        .where(and(eq(auditLog.workspaceId, a.ws.workspaceId))),
    ).toEqual([]);
  });

  it("refuses every contact procedure to a caller who is not signed in", async () => {
    const { db, ws, visitorWrites } = await setup();
    const contact = await visitorWrites("hi");
    const anonymous = callerFor(db, recordingDispatcher(), null).contacts;
    const before = await countsFor(db, ws.workspaceId);
    const calls = [
      () => anonymous.duplicates({ contactId: contact.contactId }),
      () => anonymous.merges({ contactId: contact.contactId }),
      () => anonymous.merge({ survivorId: contact.contactId, mergedId: contact.contactId }),
      () => anonymous.undoMerge({ mergeId: "mrg_123" }),
      () => anonymous.dismissDuplicate({ contactId: contact.contactId, otherContactId: contact.contactId }),
      () =>
        anonymous.startConversation({
          contactId: contact.contactId,
          inboxId: ws.inboxId,
          body: "x",
          clientMessageId: clientId(),
        }),
    ];
    for (const call of calls) await expectFailure(call(), "UNAUTHORIZED", "Please sign in");
    expect(await countsFor(db, ws.workspaceId)).toEqual(before);
  });
});
