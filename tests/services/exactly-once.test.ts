import { asc, eq } from "drizzle-orm";
import { inject } from "vitest";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDatabase, type DatabaseHandle } from "@/db";
import { messages } from "@/db/schema";
import { callerFor } from "../support/caller";
import { countsFor } from "../support/counts";
import { openTestDatabase, testDriver } from "../support/database";
import { clientId, createVisitor, createWorkspace, recordingDispatcher } from "../support/factories";

let handle: DatabaseHandle;
/** A second, independent pool on PostgreSQL (as another app process would have); PGlite has one connection. */
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

async function setup() {
  const db = handle.db;
  const ws = await createWorkspace(db);
  const dispatcher = recordingDispatcher();
  const agent = callerFor(db, dispatcher, ws.agent);
  const anonymous = callerFor(db, dispatcher, null);
  const secondDb = other?.db ?? db;
  const secondProcess = {
    agent: callerFor(secondDb, recordingDispatcher(), ws.agent),
    anonymous: callerFor(secondDb, recordingDispatcher(), null),
  };
  return { db, ws, dispatcher, agent, anonymous, secondProcess };
}

const storedWithKey = (db: DatabaseHandle["db"], key: string) =>
  db.select().from(messages).where(eq(messages.clientMessageId, key));

describe(`a client message id is its sender's, across conversations (${testDriver()})`, () => {
  it("answers a visitor's retry after the conversation was resolved with the stored message, not a new conversation", async () => {
    const { db, ws, dispatcher, agent, anonymous } = await setup();
    const visitor = await createVisitor(db, ws);
    const key = clientId();
    const first = await anonymous.widget.send({ ...visitor, body: "My order never came", clientMessageId: key });
    await agent.conversations.resolve({ conversationId: first.conversationId });
    const before = await countsFor(db, ws.workspaceId);
    const dispatchedBefore = dispatcher.dispatched.length;

    const retry = await anonymous.widget.send({ ...visitor, body: "My order never came", clientMessageId: key });

    expect(retry.created).toBe(false);
    expect(retry.message.id).toBe(first.message.id);
    expect(retry.conversationId).toBe(first.conversationId);
    expect(await countsFor(db, ws.workspaceId)).toEqual(before);
    expect(dispatcher.dispatched.length).toBe(dispatchedBefore);
    expect(await storedWithKey(db, key)).toHaveLength(1);
  });

  it("answers a visitor's retry of an old message with its real conversation while a newer one is open", async () => {
    const { db, ws, agent, anonymous } = await setup();
    const visitor = await createVisitor(db, ws);
    const oldKey = clientId();
    const old = await anonymous.widget.send({ ...visitor, body: "First question", clientMessageId: oldKey });
    await agent.conversations.resolve({ conversationId: old.conversationId });
    const fresh = await anonymous.widget.send({ ...visitor, body: "Second question", clientMessageId: clientId() });
    expect(fresh.conversationId).not.toBe(old.conversationId);

    const retry = await anonymous.widget.send({ ...visitor, body: "First question", clientMessageId: oldKey });

    expect(retry).toMatchObject({ created: false, conversationId: old.conversationId });
    expect(retry.message).toMatchObject({ id: old.message.id, seq: 1 });
    const freshThread = await anonymous.widget.messages({ ...visitor, conversationId: fresh.conversationId });
    expect(freshThread.messages.map((m) => m.body)).toEqual(["Second question"]);
  });

  it("answers an agent's retry into another conversation with the stored reply and its own conversation", async () => {
    const { db, ws, agent, anonymous } = await setup();
    const first = await anonymous.widget.send({
      ...(await createVisitor(db, ws)),
      body: "Hi",
      clientMessageId: clientId(),
    });
    const second = await anonymous.widget.send({
      ...(await createVisitor(db, ws)),
      body: "Hello",
      clientMessageId: clientId(),
    });
    const key = clientId();
    const reply = await agent.messages.send({
      conversationId: first.conversationId,
      body: "On it",
      clientMessageId: key,
    });
    await agent.conversations.resolve({ conversationId: first.conversationId });

    const retry = await agent.messages.send({
      conversationId: second.conversationId,
      body: "On it",
      clientMessageId: key,
    });

    expect(retry.created).toBe(false);
    expect(retry.message).toMatchObject({ id: reply.message.id, conversationId: first.conversationId });
    expect(await storedWithKey(db, key)).toHaveLength(1);
    const secondThread = await agent.conversations.get({ conversationId: second.conversationId });
    expect(secondThread.lastSeq).toBe(1);
  });

  it("lets another sender use the same client message id", async () => {
    const { db, ws, agent, anonymous } = await setup();
    const key = clientId();
    const fromVisitor = await anonymous.widget.send({
      ...(await createVisitor(db, ws)),
      body: "a",
      clientMessageId: key,
    });
    const fromOtherVisitor = await anonymous.widget.send({
      ...(await createVisitor(db, ws)),
      body: "b",
      clientMessageId: key,
    });
    const fromAgent = await agent.messages.send({
      conversationId: fromVisitor.conversationId,
      body: "c",
      clientMessageId: key,
    });
    expect([fromVisitor.created, fromOtherVisitor.created, fromAgent.created]).toEqual([true, true, true]);
    expect(await storedWithKey(db, key)).toHaveLength(3);
  });
});

describe(`concurrent retries from two processes store one message (${testDriver()})`, () => {
  it("gives an agent's key sent at once into two conversations through two pools one stored reply", async () => {
    const { db, ws, agent, anonymous, secondProcess } = await setup();
    const a = await anonymous.widget.send({ ...(await createVisitor(db, ws)), body: "A", clientMessageId: clientId() });
    const b = await anonymous.widget.send({ ...(await createVisitor(db, ws)), body: "B", clientMessageId: clientId() });
    const keys = Array.from({ length: 12 }, () => clientId());

    const answers = await Promise.all(
      keys.map((key) =>
        Promise.all([
          agent.messages.send({ conversationId: a.conversationId, body: "Same reply", clientMessageId: key }),
          secondProcess.agent.messages.send({
            conversationId: b.conversationId,
            body: "Same reply",
            clientMessageId: key,
          }),
        ]),
      ),
    );

    for (const [index, [one, two]] of answers.entries()) {
      const key = keys[index]!;
      expect(await storedWithKey(db, key)).toHaveLength(1);
      expect(one.message.id).toBe(two.message.id);
      expect(one.message.conversationId).toBe(two.message.conversationId);
      expect([one.created, two.created].sort()).toEqual([false, true]);
    }
    // Losers rolled back: each conversation's seqs stay gap-free.
    for (const conversationId of [a.conversationId, b.conversationId]) {
      const thread = await agent.messages.list({ conversationId });
      expect(thread.messages.map((m) => m.seq)).toEqual(thread.messages.map((_, i) => i + 1));
    }
  });

  it("gives a visitor's retry racing through two pools one stored message", async () => {
    const { db, ws, anonymous, secondProcess } = await setup();
    const visitor = await createVisitor(db, ws);
    const key = clientId();

    const [one, two] = await Promise.all([
      anonymous.widget.send({ ...visitor, body: "Racing", clientMessageId: key }),
      secondProcess.anonymous.widget.send({ ...visitor, body: "Racing", clientMessageId: key }),
    ]);

    expect(one.message.id).toBe(two.message.id);
    expect(one.conversationId).toBe(two.conversationId);
    expect([one.created, two.created].sort()).toEqual([false, true]);
    expect(await countsFor(db, ws.workspaceId)).toMatchObject({ conversations: 1, messages: 1 });
  });

  it("gives a visitor's retries racing through two pools into their open conversation one stored message each, gap-free", async () => {
    const { db, ws, anonymous, secondProcess } = await setup();
    const visitor = await createVisitor(db, ws);
    const opened = await anonymous.widget.send({ ...visitor, body: "Hello", clientMessageId: clientId() });

    for (let round = 0; round < 5; round++) {
      const key = clientId();
      const [one, two] = await Promise.all([
        anonymous.widget.send({ ...visitor, body: `Racing ${round}`, clientMessageId: key }),
        secondProcess.anonymous.widget.send({ ...visitor, body: `Racing ${round}`, clientMessageId: key }),
      ]);
      expect(one.message).toEqual(two.message);
      expect(one.conversationId).toBe(opened.conversationId);
      expect([one.created, two.created].sort()).toEqual([false, true]);
    }
    expect(await countsFor(db, ws.workspaceId)).toMatchObject({ conversations: 1, messages: 6 });
    const stored = await db
      .select({ seq: messages.seq })
      .from(messages)
      .where(eq(messages.conversationId, opened.conversationId))
      .orderBy(asc(messages.seq));
    expect(stored.map((row) => row.seq)).toEqual([1, 2, 3, 4, 5, 6]);
  });
});
