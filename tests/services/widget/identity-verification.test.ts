import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DatabaseHandle } from "@/db";
import { contactIdentities, inboxes } from "@/db/schema";
import { channelNames } from "@/server/realtime/channel-names";
import { authorizeChannel } from "@/server/services/realtime/authorize-channel";
import { resolveVisitor } from "@/server/services/widget/resolve-visitor";
import { computeUserHash } from "@/server/services/widget/verify-widget-identity";
import { callerFor } from "../../support/caller";
import { countsFor } from "../../support/counts";
import { openTestDatabase } from "../../support/database";
import { clientId, createWorkspace, recordingDispatcher, TEST_KEYS } from "../../support/factories";
import { expectFailure } from "../../support/trpc-error";

let handle: DatabaseHandle;
beforeAll(async () => {
  handle = await openTestDatabase();
});
afterAll(() => handle.close());

const SECRET = "inbox-identity-secret-for-tests-0123456789abcdef";
let counter = 0;
const uniqueUser = () => `user-${Date.now().toString(36)}-${counter++}`;

/** A workspace whose widget inbox has an identity secret, enforced or not (set before any widget call). */
async function setup(enforce: boolean) {
  const db = handle.db;
  const ws = await createWorkspace(db);
  await db.update(inboxes).set({ identitySecret: SECRET, enforceIdentity: enforce }).where(eq(inboxes.id, ws.inboxId));
  const widget = callerFor(db, recordingDispatcher(), null).widget;
  return { db, ws, widget };
}

describe("widget identity verification", () => {
  it("refuses a missing or wrong userHash on an enforcing inbox and stores nothing", async () => {
    const { db, ws, widget } = await setup(true);
    const anonymous = await widget.session({ inboxToken: ws.inboxToken });
    const before = await countsFor(db, ws.workspaceId);
    const userId = uniqueUser();
    const claims = [
      { userId },
      { userId, userHash: "" },
      { userId, userHash: computeUserHash("another-secret", userId) },
      { userId, userHash: computeUserHash(SECRET, userId).slice(0, 40) },
    ];
    for (const identity of claims) {
      await expectFailure(widget.session({ inboxToken: ws.inboxToken, identity }), "UNAUTHORIZED", /sign in again/);
      await expectFailure(
        widget.session({ inboxToken: ws.inboxToken, visitorToken: anonymous.visitorToken, identity }),
        "UNAUTHORIZED",
      );
      await expectFailure(
        widget.send({
          visitorToken: anonymous.visitorToken,
          inboxToken: ws.inboxToken,
          body: "hi",
          clientMessageId: clientId(),
          identity,
        }),
        "UNAUTHORIZED",
      );
    }
    expect(await countsFor(db, ws.workspaceId)).toEqual(before);
  });

  it("does not reveal a verified user's conversation to a wrong hash", async () => {
    const { ws, widget } = await setup(true);
    const userId = uniqueUser();
    const identity = { userId, userHash: computeUserHash(SECRET, userId) };
    const first = await widget.session({ inboxToken: ws.inboxToken, identity });
    await widget.send({
      inboxToken: ws.inboxToken,
      visitorToken: first.visitorToken,
      body: "secret",
      clientMessageId: clientId(),
      identity,
    });
    await expectFailure(
      widget.session({ inboxToken: ws.inboxToken, identity: { userId, userHash: "0".repeat(64) } }),
      "UNAUTHORIZED",
    );
  });

  it("keeps a userId without a valid hash as an unverified identity on a non-enforcing inbox", async () => {
    const { db, ws, widget } = await setup(false);
    const userId = uniqueUser();
    const session = await widget.session({
      inboxToken: ws.inboxToken,
      identity: { userId, userHash: "ab".repeat(32) },
    });
    expect(session.verified).toBe(false);
    const sent = await widget.send({
      inboxToken: ws.inboxToken,
      visitorToken: session.visitorToken,
      body: "Hello",
      clientMessageId: clientId(),
      identity: { userId, userHash: "ab".repeat(32), name: "Pat Doe", email: "pat@example.com" },
    });
    expect(sent.created).toBe(true);
    const rows = await db
      .select({
        kind: contactIdentities.kind,
        verified: contactIdentities.verified,
        contactId: contactIdentities.contactId,
      })
      .from(contactIdentities)
      .where(and(eq(contactIdentities.workspaceId, ws.workspaceId), eq(contactIdentities.value, userId)));
    expect(rows).toEqual([{ kind: "external_id", verified: false, contactId: expect.any(String) }]);
  });

  it("gives a verified user the same contact and history from two different visitor tokens", async () => {
    const { db, ws, widget } = await setup(true);
    const userId = uniqueUser();
    const identity = { userId, userHash: computeUserHash(SECRET, userId), name: "Dana Demo" };
    const laptop = await widget.session({ inboxToken: ws.inboxToken, identity });
    expect(laptop).toMatchObject({ verified: true, conversationId: null });
    const sent = await widget.send({
      inboxToken: ws.inboxToken,
      visitorToken: laptop.visitorToken,
      body: "From my laptop",
      clientMessageId: clientId(),
      identity,
    });

    // Another browser: a new anonymous visitor first, then the host page identifies the user.
    const phoneAnonymous = await widget.session({ inboxToken: ws.inboxToken });
    expect(phoneAnonymous.visitorToken).not.toBe(laptop.visitorToken);
    const phone = await widget.session({
      inboxToken: ws.inboxToken,
      visitorToken: phoneAnonymous.visitorToken,
      identity,
    });
    expect(phone.conversationId).toBe(sent.conversationId);
    const history = await widget.messages({
      inboxToken: ws.inboxToken,
      visitorToken: phone.visitorToken,
      conversationId: sent.conversationId,
    });
    expect(history.messages.map((message) => message.body)).toEqual(["From my laptop"]);

    const phoneVisitor = await resolveVisitor(db, TEST_KEYS, {
      inboxToken: ws.inboxToken,
      visitorToken: phone.visitorToken,
    });
    const laptopVisitor = await resolveVisitor(db, TEST_KEYS, {
      inboxToken: ws.inboxToken,
      visitorToken: laptop.visitorToken,
    });
    expect(phoneVisitor.contactId).toBe(laptopVisitor.contactId);
    // The new browser may follow the conversation live.
    await expect(
      authorizeChannel(
        db,
        { kind: "visitor", visitor: phoneVisitor },
        channelNames.widgetConversation(sent.conversationId),
      ),
    ).resolves.toEqual({});

    const reply = await widget.send({
      inboxToken: ws.inboxToken,
      visitorToken: phone.visitorToken,
      body: "And from my phone",
      clientMessageId: clientId(),
      identity,
    });
    expect(reply.conversationId).toBe(sent.conversationId);
  });

  it("gives a second user signed in on the same browser their own visitor, never the first user's history", async () => {
    const { db, ws, widget } = await setup(true);
    const identityOf = (userId: string) => ({ userId, userHash: computeUserHash(SECRET, userId) });
    const ana = identityOf(uniqueUser());
    const bea = identityOf(uniqueUser());
    const anaSession = await widget.session({ inboxToken: ws.inboxToken, identity: ana });
    const anaSent = await widget.send({
      inboxToken: ws.inboxToken,
      visitorToken: anaSession.visitorToken,
      body: "Ana's private question",
      clientMessageId: clientId(),
      identity: ana,
    });

    // A send with Ana's token that claims Bea is refused and stores nothing.
    const before = await countsFor(db, ws.workspaceId);
    await expectFailure(
      widget.send({
        inboxToken: ws.inboxToken,
        visitorToken: anaSession.visitorToken,
        body: "Hi, I'm Bea",
        clientMessageId: clientId(),
        identity: bea,
      }),
      "UNAUTHORIZED",
    );
    expect(await countsFor(db, ws.workspaceId)).toEqual(before);

    // No reset on the host page: Bea signs in with Ana's visitor token still stored.
    const beaSession = await widget.session({
      inboxToken: ws.inboxToken,
      visitorToken: anaSession.visitorToken,
      identity: bea,
    });
    expect(beaSession.visitorToken).not.toBe(anaSession.visitorToken);
    expect(beaSession.conversationId).toBeNull();
    await expectFailure(
      widget.messages({
        inboxToken: ws.inboxToken,
        visitorToken: beaSession.visitorToken,
        conversationId: anaSent.conversationId,
      }),
      "NOT_FOUND",
    );
    const beaSent = await widget.send({
      inboxToken: ws.inboxToken,
      visitorToken: beaSession.visitorToken,
      body: "Bea here",
      clientMessageId: clientId(),
      identity: bea,
    });
    expect(beaSent.conversationId).not.toBe(anaSent.conversationId);
    // Ana still has her conversation on her token.
    const anaAgain = await widget.session({
      inboxToken: ws.inboxToken,
      visitorToken: anaSession.visitorToken,
      identity: ana,
    });
    expect(anaAgain.conversationId).toBe(anaSent.conversationId);
  });

  it("checks the hash over the exact user id", async () => {
    const { ws, widget } = await setup(true);
    const userId = `Mixed-${uniqueUser()}`;
    const userHash = computeUserHash(SECRET, userId);
    await expect(widget.session({ inboxToken: ws.inboxToken, identity: { userId, userHash } })).resolves.toMatchObject({
      verified: true,
    });
    // The hash is accepted in either hex case, but the user id is never normalised.
    await expect(
      widget.session({ inboxToken: ws.inboxToken, identity: { userId, userHash: userHash.toUpperCase() } }),
    ).resolves.toMatchObject({ verified: true });
    for (const changed of [userId.toLowerCase(), ` ${userId}`, `${userId} `, userId.toUpperCase()]) {
      await expectFailure(
        widget.session({ inboxToken: ws.inboxToken, identity: { userId: changed, userHash } }),
        "UNAUTHORIZED",
      );
    }
  });

  it("answers 400 to oversized or malformed identities", async () => {
    const { db, ws, widget } = await setup(false);
    const before = await countsFor(db, ws.workspaceId);
    const bad: unknown[] = [
      { userId: "" },
      { userId: "x".repeat(201) },
      { userId: "a\u0000b" },
      { userId: 42 },
      { userId: "u", userHash: "z".repeat(64) },
      { userId: "u", userHash: "a".repeat(129) },
      { userId: "u", name: "n".repeat(201) },
      { userId: "u", email: "not-an-email" },
      { userId: "u", email: `${"a".repeat(250)}@example.com` },
      { userId: "u", role: "admin" },
      "dana",
      [],
    ];
    for (const identity of bad) {
      const input = { inboxToken: ws.inboxToken, identity } as never;
      await expectFailure(widget.session(input), "BAD_REQUEST");
    }
    expect(await countsFor(db, ws.workspaceId)).toEqual(before);
  });
});
