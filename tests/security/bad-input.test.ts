import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DatabaseHandle } from "@/db";
import { messages } from "@/db/schema";
import { newToken } from "@/server/ids";
import { MAX_MESSAGE_LENGTH } from "@/server/services/message/schemas";
import { callerFor } from "../support/caller";
import { countsFor, type WorkspaceCounts } from "../support/counts";
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
let visitor: { inboxToken: string; visitorToken: string };
let conversationId: string;
let agent: ReturnType<typeof callerFor>;
let anonymous: ReturnType<typeof callerFor>;

beforeAll(async () => {
  handle = await openTestDatabase();
  ws = await createWorkspace(handle.db);
  const dispatcher = recordingDispatcher();
  agent = callerFor(handle.db, dispatcher, ws.agent);
  anonymous = callerFor(handle.db, dispatcher, null);
  visitor = await createVisitor(handle.db, ws);
  const first = await anonymous.widget.send({ ...visitor, body: "Hello", clientMessageId: clientId() });
  conversationId = first.conversationId;
});
afterAll(() => handle.close());

/** Runs a call that must be rejected and proves the workspace's rows did not change. */
async function rejectedWithoutSideEffects(
  call: () => Promise<unknown>,
  code: string,
  message?: string | RegExp,
): Promise<void> {
  const before: WorkspaceCounts = await countsFor(handle.db, ws.workspaceId);
  await expectFailure(call(), code, message);
  expect(await countsFor(handle.db, ws.workspaceId)).toEqual(before);
}

const EMPTY = "Message cannot be empty";
const TOO_LONG = `Message is too long (at most ${MAX_MESSAGE_LENGTH} characters)`;
const ILLEGAL_ID = "clientMessageId may only contain letters, digits, '-' and '_'";
const ID_LENGTH = "clientMessageId must be 8 to 64 characters";

describe("message bodies", () => {
  type Fields = { body?: unknown; clientMessageId?: unknown };
  /** A send with valid defaults; a key present as `undefined` is sent as missing. */
  const widgetSend = (fields: Fields) => () =>
    anonymous.widget.send({ ...visitor, body: "Hi", clientMessageId: clientId(), ...fields } as never);
  const agentSend = (fields: Fields) => () =>
    agent.messages.send({ conversationId, body: "Hi", clientMessageId: clientId(), ...fields } as never);

  for (const [side, send] of [
    ["widget.send", widgetSend],
    ["messages.send", agentSend],
  ] as const) {
    describe(side, () => {
      it("rejects an empty or whitespace-only body", async () => {
        for (const body of ["", " ", "   \n\t  ", "\r\n\r\n", "\u00a0\u2003"]) {
          await rejectedWithoutSideEffects(send({ body }), "BAD_REQUEST", EMPTY);
        }
      });

      it("rejects a body over 10,000 characters but accepts exactly 10,000", async () => {
        await rejectedWithoutSideEffects(send({ body: "x".repeat(MAX_MESSAGE_LENGTH + 1) }), "BAD_REQUEST", TOO_LONG);
        await rejectedWithoutSideEffects(send({ body: "é".repeat(MAX_MESSAGE_LENGTH + 500) }), "BAD_REQUEST", TOO_LONG);
        const exact = "y".repeat(MAX_MESSAGE_LENGTH);
        const sent = (await send({ body: exact })()) as { message: { body: string } };
        expect(sent.message.body).toBe(exact);
      });

      it("rejects a missing or non-string body", async () => {
        await rejectedWithoutSideEffects(send({ body: undefined }), "BAD_REQUEST", "Message text is required");
        await rejectedWithoutSideEffects(send({ body: 42 }), "BAD_REQUEST");
        await rejectedWithoutSideEffects(send({ body: { text: "hi" } }), "BAD_REQUEST");
      });

      it("rejects a missing, malformed or badly sized clientMessageId", async () => {
        await rejectedWithoutSideEffects(send({ clientMessageId: undefined }), "BAD_REQUEST");
        await rejectedWithoutSideEffects(send({ clientMessageId: null }), "BAD_REQUEST");
        await rejectedWithoutSideEffects(send({ clientMessageId: 12345678 }), "BAD_REQUEST");
        for (const id of ["has spaces 123", "semi;colon12", "quote'or'1=1", "slash/../x1", "ünïcödé-id", "<script>x"]) {
          await rejectedWithoutSideEffects(send({ clientMessageId: id }), "BAD_REQUEST", ILLEGAL_ID);
        }
        await rejectedWithoutSideEffects(send({ clientMessageId: "short" }), "BAD_REQUEST", ID_LENGTH);
        await rejectedWithoutSideEffects(send({ clientMessageId: "a".repeat(65) }), "BAD_REQUEST", ID_LENGTH);
      });

      it("rejects a body containing a NUL character as bad input instead of failing inside the database", async () => {
        for (const body of ["before\u0000after", "\u0000", "trailing\u0000"]) {
          await rejectedWithoutSideEffects(
            send({ body }),
            "BAD_REQUEST",
            "Message contains an invalid character (NUL)",
          );
        }
      });
    });
  }
});

describe("widget credentials", () => {
  it("answers NOT_FOUND with a helpful message for a well-formed but unknown inbox token", async () => {
    const unknown = `inb_${newToken(12)}`;
    const message = /^Unknown inbox/;
    await rejectedWithoutSideEffects(() => anonymous.widget.session({ inboxToken: unknown }), "NOT_FOUND", message);
    await rejectedWithoutSideEffects(
      () =>
        anonymous.widget.send({
          inboxToken: unknown,
          visitorToken: visitor.visitorToken,
          body: "Hi",
          clientMessageId: clientId(),
        }),
      "NOT_FOUND",
      "Unknown inbox: check the data-inbox token in the widget snippet",
    );
    await rejectedWithoutSideEffects(
      () => anonymous.widget.messages({ inboxToken: unknown, visitorToken: visitor.visitorToken, conversationId }),
      "NOT_FOUND",
      message,
    );
  });

  it("answers BAD_REQUEST for a malformed inbox token", async () => {
    for (const inboxToken of ["", "short", "../../etc/passwd", "inb_' OR '1'='1", "x".repeat(129)]) {
      await rejectedWithoutSideEffects(() => anonymous.widget.session({ inboxToken }), "BAD_REQUEST", "Unknown inbox");
    }
    await rejectedWithoutSideEffects(
      () => anonymous.widget.session({} as never),
      "BAD_REQUEST",
      "Inbox token is required",
    );
  });

  it("answers BAD_REQUEST for a malformed visitor token and UNAUTHORIZED for a forged one", async () => {
    const send = (visitorToken: string) => () =>
      anonymous.widget.send({ inboxToken: ws.inboxToken, visitorToken, body: "Hi", clientMessageId: clientId() });
    for (const malformed of ["not a token!", "v_abc.<script>", "v_abcdef.gh\u0000"]) {
      await rejectedWithoutSideEffects(send(malformed), "BAD_REQUEST", "Invalid visitor token");
    }
    await rejectedWithoutSideEffects(send("tiny"), "BAD_REQUEST");
    await rejectedWithoutSideEffects(send("a".repeat(201)), "BAD_REQUEST");
    const [version, keyId, visitorId = "", issuedAt = "0", signature = ""] = visitor.visitorToken.split(".");
    const head = `${version}.${keyId}`;
    const forged = [
      `${head}.${visitorId}.${issuedAt}.${signature.slice(0, -1)}${signature.endsWith("A") ? "B" : "A"}`,
      `${head}.v_someoneelse123.${issuedAt}.${signature}`,
      `${head}.${visitorId}.${(parseInt(issuedAt, 36) + 1).toString(36)}.${signature}`,
      `${visitorId}`,
      "v_abcdefghij.klmnopqrstu",
    ];
    for (const token of forged) {
      await rejectedWithoutSideEffects(
        send(token),
        "UNAUTHORIZED",
        "This chat session is not valid for this inbox; reload the page",
      );
    }
    // Opening the widget with a forged token is not an error: a fresh visitor is issued.
    const session = await anonymous.widget.session({ inboxToken: ws.inboxToken, visitorToken: forged[0] });
    expect(session.visitorToken).not.toBe(forged[0]);
    expect(session.conversationId).toBeNull();
  });
});

describe("hostile but valid text", () => {
  const hostile = [
    `<script>alert("xss")</script>`,
    `<img src=x onerror="alert(document.cookie)">`,
    `'; DROP TABLE messages; --`,
    `Robert'); DELETE FROM conversations WHERE ('1'='1`,
    `" OR 1=1 -- \\ \\' \\"`,
    "$1 $$ :name ? %s %d {{7*7}} ${process.env.SECRET}",
    "👋🏽 hello 🇫🇷 👨‍👩‍👧‍👦 ❤️‍🔥",
    "مرحبا بالعالم — שלום עולם — 你好，世界 — こんにちは",
    "e\u0301 vs é, ﬁ ligature, Ω vs Ω, zero\u200Bwidth, bidi \u202Eevil\u202C",
    "line one\nline two\n\n  indented\ttabbed",
    "line\u2028separator\u2029paragraph separator",
    "𝕳𝖊𝖑𝖑𝖔 𝟙𝟚𝟛 \uFFFD \uFEFFbom",
    "null",
    "undefined",
    "[object Object]",
    "__proto__",
  ];

  it("stores every hostile string verbatim and returns it unchanged to the visitor and the agent", async () => {
    const sent: { id: string; body: string }[] = [];
    for (const [index, body] of hostile.entries()) {
      const result =
        index % 2 === 0
          ? await anonymous.widget.send({ ...visitor, body, clientMessageId: clientId() })
          : await agent.messages.send({ conversationId, body, clientMessageId: clientId() });
      expect(result.message.body).toBe(body);
      sent.push({ id: result.message.id, body });
    }

    const stored = new Map(
      (await handle.db.select().from(messages).where(eq(messages.conversationId, conversationId))).map((row) => [
        row.id,
        row.body,
      ]),
    );
    for (const { id, body } of sent) expect(stored.get(id)).toBe(body);

    const agentView = new Map(
      (await agent.messages.list({ conversationId, limit: 200 })).messages.map((message) => [message.id, message.body]),
    );
    const visitorView = new Map(
      (await anonymous.widget.messages({ ...visitor, conversationId, limit: 200 })).messages.map((message) => [
        message.id,
        message.body,
      ]),
    );
    for (const { id, body } of sent) {
      expect(agentView.get(id)).toBe(body);
      expect(visitorView.get(id)).toBe(body);
    }
    // The SQL-looking strings were data, not statements: everything is still here.
    expect(await countsFor(handle.db, ws.workspaceId)).toMatchObject({ conversations: 1 });
    const conversation = await agent.conversations.get({ conversationId });
    expect(conversation.lastSeq).toBeGreaterThanOrEqual(hostile.length + 1);
  });

  it("only normalises surrounding whitespace and CRLF line endings", async () => {
    const result = await anonymous.widget.send({
      ...visitor,
      body: "  \r\n Dear team,\r\n  <b>thanks</b>\r\n\r\n",
      clientMessageId: clientId(),
    });
    expect(result.message.body).toBe("Dear team,\n  <b>thanks</b>");
  });
});

describe("ids and paging arguments", () => {
  const badIds = [
    "",
    "ab",
    "CNV_UPPERCASE",
    "cnv-123",
    "cnv_",
    "_abc",
    "cnv_1' OR '1'='1",
    "cnv_abc;drop",
    "x".repeat(65),
    "cnv_ä",
  ];

  it("answers BAD_REQUEST 'Not a valid id' for ids with the wrong format on every procedure", async () => {
    for (const id of badIds) {
      const calls: (() => Promise<unknown>)[] = [
        () => agent.conversations.get({ conversationId: id }),
        () => agent.conversations.markRead({ conversationId: id }),
        () => agent.conversations.resolve({ conversationId: id }),
        () => agent.messages.list({ conversationId: id }),
        () => agent.messages.send({ conversationId: id, body: "Hi", clientMessageId: clientId() }),
        () => agent.contacts.get({ contactId: id }),
        () => anonymous.widget.messages({ ...visitor, conversationId: id }),
        () => agent.conversations.list({ inboxId: id }),
      ];
      for (const call of calls) {
        const expected = id.length < 3 || id.length > 64 ? undefined : "Not a valid id";
        await rejectedWithoutSideEffects(call, "BAD_REQUEST", expected);
      }
    }
  });

  it("answers BAD_REQUEST for out-of-range paging arguments and unknown enum values", async () => {
    const calls: (() => Promise<unknown>)[] = [
      () => agent.messages.list({ conversationId, limit: 0 }),
      () => agent.messages.list({ conversationId, limit: 201 }),
      () => agent.messages.list({ conversationId, limit: 1.5 }),
      () => agent.messages.list({ conversationId, afterSeq: -1 }),
      () => agent.messages.list({ conversationId, beforeSeq: 0 }),
      () => agent.conversations.list({ limit: 101 }),
      () => agent.conversations.list({ status: "deleted" as never }),
      () => agent.conversations.list({ priority: "critical" as never }),
      () => agent.conversations.list({ assignee: "everyone" }),
      () => agent.messages.send({ conversationId, body: "Hi", clientMessageId: clientId(), private: "yes" as never }),
    ];
    for (const call of calls) await rejectedWithoutSideEffects(call, "BAD_REQUEST");
  });

  it("answers NOT_FOUND for a well-formed id that does not exist", async () => {
    await rejectedWithoutSideEffects(
      () => agent.conversations.get({ conversationId: "cnv_doesnotexist0" }),
      "NOT_FOUND",
    );
    await rejectedWithoutSideEffects(
      () => agent.messages.send({ conversationId: "cnv_doesnotexist0", body: "Hi", clientMessageId: clientId() }),
      "NOT_FOUND",
    );
  });
});
