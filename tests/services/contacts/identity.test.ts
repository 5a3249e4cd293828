import { and, eq } from "drizzle-orm";
import { inject } from "vitest";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDatabase, type DatabaseHandle } from "@/db";
import { runTransaction } from "@/db/run-transaction";
import { contactIdentities, contactMerges, contacts, conversations } from "@/db/schema";
import type { Sender } from "@/server/channels/contract";
import { mergeContacts } from "@/server/services/contact/merge-contacts";
import { resolveContact } from "@/server/services/contact/resolve-contact";
import { undoMerge } from "@/server/services/contact/undo-merge";
import { openTestDatabase } from "../../support/database";
import { createWorkspace, type TestWorkspace } from "../../support/factories";

let handle: DatabaseHandle;
let other: DatabaseHandle | null = null;

beforeAll(async () => {
  handle = await openTestDatabase();
  const url = inject("postgresUrl");
  if (url) other = await openDatabase({ driver: "postgres", url, maxConnections: 5 });
});
afterAll(async () => {
  await other?.close();
  await handle.close();
});

let counter = 0;
const uniq = (prefix: string) => `${prefix}-${Date.now().toString(36)}-${counter++}`;

function resolve(ws: TestWorkspace, sender: Sender, db = handle.db) {
  return runTransaction(db, (tx) =>
    resolveContact(tx, { workspaceId: ws.workspaceId, inboxId: ws.inboxId, sender, fallbackName: "Visitor ABCD" }),
  );
}

const visitor = (id: string) => ({ kind: "web_visitor" as const, value: id, verified: false });
const user = (id: string, verified = true) => ({ kind: "external_id" as const, value: id, verified });

async function identitiesOf(contactId: string) {
  const rows = await handle.db
    .select({ kind: contactIdentities.kind, value: contactIdentities.value, verified: contactIdentities.verified })
    .from(contactIdentities)
    .where(eq(contactIdentities.contactId, contactId));
  return rows.sort((a, b) => `${a.kind}${a.value}`.localeCompare(`${b.kind}${b.value}`));
}

async function addConversation(ws: TestWorkspace, contactId: string) {
  const [row] = await handle.db
    .insert(conversations)
    .values({ workspaceId: ws.workspaceId, inboxId: ws.inboxId, contactId })
    .returning();
  return row!;
}

describe("resolveContact", () => {
  it("creates a contact for a new sender and lands again on it for the same identity", async () => {
    const ws = await createWorkspace(handle.db);
    const v = uniq("v");
    const first = await resolve(ws, { identities: [visitor(v)] });
    const second = await resolve(ws, { identities: [visitor(v)] });
    expect(first.created).toBe(true);
    expect(second).toMatchObject({ contactId: first.contactId, created: false });
  });

  it("merges an anonymous visitor into the contact that holds the verified user id", async () => {
    const ws = await createWorkspace(handle.db);
    const userId = uniq("user");
    const known = await resolve(ws, { identities: [user(userId)], name: "Ana Lima" });
    const anonymous = await resolve(ws, { identities: [visitor(uniq("v"))] });
    const conversation = await addConversation(ws, anonymous.contactId);

    const identified = await resolve(ws, {
      identities: [visitor((await identitiesOf(anonymous.contactId))[0]!.value), user(userId)],
    });
    expect(identified.contactId).toBe(known.contactId);
    expect(identified.mergedContactIds).toEqual([anonymous.contactId]);
    const [moved] = await handle.db.select().from(conversations).where(eq(conversations.id, conversation.id));
    expect(moved?.contactId).toBe(known.contactId);
    const [merge] = await handle.db.select().from(contactMerges).where(eq(contactMerges.mergedId, anonymous.contactId));
    expect(merge).toMatchObject({ survivorId: known.contactId, reason: "verified_identity", actorUserId: null });
  });

  it("attaches a verified user id to an anonymous visitor's contact the first time", async () => {
    const ws = await createWorkspace(handle.db);
    const v = uniq("v");
    const anonymous = await resolve(ws, { identities: [visitor(v)] });
    const userId = uniq("user");
    const identified = await resolve(ws, {
      identities: [visitor(v), user(userId)],
      name: "Bo Chen",
      email: "BO@example.com",
    });
    expect(identified).toMatchObject({ contactId: anonymous.contactId, created: false, mergedContactIds: [] });
    expect(await identitiesOf(anonymous.contactId)).toEqual([
      { kind: "external_id", value: userId, verified: true },
      { kind: "web_visitor", value: v, verified: false },
    ]);
    const [row] = await handle.db.select().from(contacts).where(eq(contacts.id, anonymous.contactId));
    expect(row).toMatchObject({ name: "Bo Chen", email: "bo@example.com" });
  });

  it("never lands an unverified claim on a contact through a verified identity", async () => {
    const ws = await createWorkspace(handle.db);
    const userId = uniq("user");
    const real = await resolve(ws, { identities: [user(userId)] });
    const impostor = await resolve(ws, { identities: [user(userId, false)] });
    expect(impostor.contactId).not.toBe(real.contactId);
    expect(impostor.created).toBe(true);
    expect(await identitiesOf(impostor.contactId)).toEqual([]);
  });

  it("never merges two contacts verified as different users", async () => {
    const ws = await createWorkspace(handle.db);
    const v = uniq("v");
    const first = await resolve(ws, { identities: [visitor(v), user(uniq("user-a"))] });
    const second = await resolve(ws, { identities: [user(uniq("user-b"))] });
    const mixed = await resolve(ws, {
      identities: [visitor(v), user((await identitiesOf(second.contactId))[0]!.value)],
    });
    expect(mixed.contactId).toBe(second.contactId);
    expect(mixed.mergedContactIds).toEqual([]);
    const [firstRow] = await handle.db.select().from(contacts).where(eq(contacts.id, first.contactId));
    expect(firstRow?.mergedIntoId).toBeNull();
  });

  it("never lands a newly verified user on another verified user's contact through a shared visitor id", async () => {
    const ws = await createWorkspace(handle.db);
    const v = uniq("v");
    const ana = await resolve(ws, { identities: [visitor(v), user(uniq("ana"))] });
    // Bea signs in on the browser Ana used (no reset): her first verified claim arrives with Ana's visitor id.
    const beaId = uniq("bea");
    const bea = await resolve(ws, { identities: [visitor(v), user(beaId)], name: "Bea" });
    expect(bea.contactId).not.toBe(ana.contactId);
    expect(bea.created).toBe(true);
    expect(await identitiesOf(bea.contactId)).toEqual([{ kind: "external_id", value: beaId, verified: true }]);
    const [anaRow] = await handle.db.select().from(contacts).where(eq(contacts.id, ana.contactId));
    expect(anaRow).toMatchObject({ mergedIntoId: null, name: "Visitor ABCD" });
  });

  it("keeps an e-mail typed into a form as a detail, not a way to find someone", async () => {
    const ws = await createWorkspace(handle.db);
    const email = `${uniq("same")}@example.com`;
    const a = await resolve(ws, { identities: [visitor(uniq("v"))], email });
    const b = await resolve(ws, { identities: [visitor(uniq("v"))], email });
    expect(b.contactId).not.toBe(a.contactId);
    expect(b.mergedContactIds).toEqual([]);
  });

  it("stores one contact when the same new identity arrives concurrently", async () => {
    const ws = await createWorkspace(handle.db);
    const userId = uniq("user");
    const results = await Promise.all([
      resolve(ws, { identities: [user(userId)] }),
      resolve(ws, { identities: [user(userId)] }, other?.db ?? handle.db),
      resolve(ws, { identities: [user(userId)] }),
    ]);
    expect(new Set(results.map((result) => result.contactId)).size).toBe(1);
    const live = await handle.db
      .select()
      .from(contacts)
      .innerJoin(contactIdentities, eq(contactIdentities.contactId, contacts.id))
      .where(and(eq(contactIdentities.workspaceId, ws.workspaceId), eq(contactIdentities.value, userId)));
    expect(live).toHaveLength(1);
  });
});

describe("mergeContacts and undoMerge", () => {
  it("merges and undoes exactly: contacts, identities and conversations come back as they were", async () => {
    const ws = await createWorkspace(handle.db);
    const a = await resolve(ws, { identities: [visitor(uniq("v"))], name: "Carla Diaz", email: "carla@example.com" });
    const b = await resolve(ws, {
      identities: [visitor(uniq("v"))],
      email: "carla@example.com",
      phone: "+351912345678",
    });
    const aConversation = await addConversation(ws, a.contactId);
    const bConversation = await addConversation(ws, b.contactId);
    const before = await handle.db.select().from(contacts).where(eq(contacts.id, a.contactId));
    const aIdentities = await identitiesOf(a.contactId);
    const bIdentities = await identitiesOf(b.contactId);

    const { mergeId } = await runTransaction(handle.db, (tx) =>
      mergeContacts(tx, {
        workspaceId: ws.workspaceId,
        survivorId: a.contactId,
        mergedId: b.contactId,
        reason: "agent",
        actorUserId: ws.agent.userId,
      }),
    );
    const [survivor] = await handle.db.select().from(contacts).where(eq(contacts.id, a.contactId));
    expect(survivor).toMatchObject({ name: "Carla Diaz", phone: "+351912345678" });
    expect(await identitiesOf(a.contactId)).toHaveLength(2);
    const moved = await handle.db.select().from(conversations).where(eq(conversations.contactId, a.contactId));
    expect(moved.map((row) => row.id).sort()).toEqual([aConversation.id, bConversation.id].sort());

    await runTransaction(handle.db, (tx) =>
      undoMerge(tx, { workspaceId: ws.workspaceId, mergeId, actorUserId: ws.agent.userId }),
    );
    const after = await handle.db.select().from(contacts).where(eq(contacts.id, a.contactId));
    expect(after[0]).toMatchObject({ name: before[0]!.name, email: before[0]!.email, phone: before[0]!.phone });
    expect(await identitiesOf(a.contactId)).toEqual(aIdentities);
    expect(await identitiesOf(b.contactId)).toEqual(bIdentities);
    const [bRow] = await handle.db.select().from(contacts).where(eq(contacts.id, b.contactId));
    expect(bRow?.mergedIntoId).toBeNull();
    const [bConv] = await handle.db.select().from(conversations).where(eq(conversations.id, bConversation.id));
    expect(bConv?.contactId).toBe(b.contactId);
    await expect(
      runTransaction(handle.db, (tx) => undoMerge(tx, { workspaceId: ws.workspaceId, mergeId, actorUserId: null })),
    ).rejects.toThrow(/already undone/);
  });

  it("refuses to merge contacts verified as different users, or a contact into itself", async () => {
    const ws = await createWorkspace(handle.db);
    const a = await resolve(ws, { identities: [user(uniq("a"))] });
    const b = await resolve(ws, { identities: [user(uniq("b"))] });
    const merge = (survivorId: string, mergedId: string) =>
      runTransaction(handle.db, (tx) =>
        mergeContacts(tx, { workspaceId: ws.workspaceId, survivorId, mergedId, reason: "agent", actorUserId: null }),
      );
    await expect(merge(a.contactId, b.contactId)).rejects.toThrow(/different users/);
    await expect(merge(a.contactId, a.contactId)).rejects.toThrow(/itself/);
  });

  it("never reaches another workspace's contacts", async () => {
    const ws = await createWorkspace(handle.db);
    const otherWs = await createWorkspace(handle.db);
    const mine = await resolve(ws, { identities: [visitor(uniq("v"))] });
    const theirs = await resolve(otherWs, { identities: [visitor(uniq("v"))] });
    await expect(
      runTransaction(handle.db, (tx) =>
        mergeContacts(tx, {
          workspaceId: ws.workspaceId,
          survivorId: mine.contactId,
          mergedId: theirs.contactId,
          reason: "agent",
          actorUserId: null,
        }),
      ),
    ).rejects.toThrow(/not found/);
    // The same identity value in another workspace is another person.
    const value = (await identitiesOf(theirs.contactId))[0]!.value;
    const elsewhere = await resolve(ws, { identities: [visitor(value)] });
    expect(elsewhere.contactId).not.toBe(theirs.contactId);
  });
});
