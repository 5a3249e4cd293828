import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DatabaseHandle } from "@/db";
import { createVisitorKeyRing, issueVisitorToken, verifyVisitorToken } from "@/server/auth/visitor-token";
import { parseEnv } from "@/server/env";
import { ForbiddenError } from "@/server/errors";
import { createRateLimits } from "@/server/limits/rate-limits";
import { resolveConversation } from "@/server/services/conversation/set-conversation-status";
import { limitChannelAuthRefusals } from "@/server/services/realtime/limit-channel-auth-refusals";
import { sendWidgetMessage } from "@/server/services/widget/send-widget-message";
import { startWidgetSession } from "@/server/services/widget/start-widget-session";
import { callerFor } from "../support/caller";
import { countsFor } from "../support/counts";
import { openTestDatabase } from "../support/database";
import { rateLimited } from "../support/rate-limited";
import {
  clientId,
  createWorkspace,
  recordingDispatcher,
  TEST_KEYS,
  TEST_SECRET,
  testRequester,
  widgetContext,
} from "../support/factories";
import { expectFailure } from "../support/trpc-error";

const DAY = 86_400;
let handle: DatabaseHandle;

beforeAll(async () => {
  handle = await openTestDatabase();
});
afterAll(() => handle.close());

/** Small limits, stored in the real database like production's (the per-visitor message limit is in memory). */
async function setup(limits: Record<string, string>) {
  const ws = await createWorkspace(handle.db);
  const ctx = widgetContext({ db: handle.db, dispatcher: recordingDispatcher() }, parseEnv(limits));
  const address = testRequester();
  const newVisitor = async (requester = address) => {
    const session = await startWidgetSession(ctx, requester, { inboxToken: ws.inboxToken });
    return { inboxToken: ws.inboxToken, visitorToken: session.visitorToken };
  };
  const send = (visitor: { inboxToken: string; visitorToken: string }, body: string, requester = address) =>
    sendWidgetMessage(ctx, requester, { ...visitor, body, clientMessageId: clientId() });
  return { ws, ctx, address, newVisitor, send };
}

const visitorIdOf = (token: string) => token.split(".")[2];

describe("widget abuse limits", () => {
  it("counts a visitor's concurrent first messages as the one conversation they open", async () => {
    const { newVisitor, send } = await setup({
      LIMIT_WIDGET_CONVERSATIONS_PER_VISITOR: "2/1h",
      LIMIT_WIDGET_CONVERSATIONS_PER_ADDRESS: "2/1h",
    });
    const visitor = await newVisitor();
    const sent = await Promise.all(Array.from({ length: 6 }, (_, n) => send(visitor, `Hello ${n}`)));
    expect(new Set(sent.map((result) => result.conversationId)).size).toBe(1);
    // Only one conversation was counted, so another visitor at the same address may still start one.
    await send(await newVisitor(), "Me too");
  });

  it("refuses a flood of new conversations from one address while an existing conversation there keeps going", async () => {
    const { ws, newVisitor, send } = await setup({ LIMIT_WIDGET_CONVERSATIONS_PER_ADDRESS: "2/1h" });
    const regular = await newVisitor();
    const ongoing = await send(regular, "My order has not arrived");
    await send(await newVisitor(), "Spam 1");
    const before = await countsFor(handle.db, ws.workspaceId);

    const flooder = await newVisitor();
    const error = await rateLimited(send(flooder, "Spam 2"));
    expect(error.message).toBe("Too many new conversations from your network. Please try again later.");
    expect(error.retryAfterSeconds).toBeGreaterThan(3500);
    expect(error.retryAfterSeconds).toBeLessThanOrEqual(3600);
    expect(await countsFor(handle.db, ws.workspaceId)).toEqual(before);

    // The regular customer at the same address is not cut off: their messages count only for them.
    for (const body of ["Order 1234", "Still waiting", "Any news?"]) {
      const sent = await send(regular, body);
      expect(sent.conversationId).toBe(ongoing.conversationId);
      expect(sent.created).toBe(true);
    }
    // Another network is unaffected.
    await send(await newVisitor(testRequester()), "Hello from elsewhere", testRequester());
  });

  it("limits new conversations per visitor even across addresses", async () => {
    const { ws, ctx, newVisitor, send } = await setup({ LIMIT_WIDGET_CONVERSATIONS_PER_VISITOR: "2/1h" });
    const visitor = await newVisitor();
    for (let round = 0; round < 2; round++) {
      const sent = await send(visitor, `Question ${round}`, testRequester());
      await resolveConversation(ctx, ws.agent, sent.conversationId);
    }
    const before = await countsFor(handle.db, ws.workspaceId);
    const error = await rateLimited(send(visitor, "Question 3", testRequester()));
    expect(error.message).toMatch(/started several conversations/);
    expect(await countsFor(handle.db, ws.workspaceId)).toEqual(before);
  });

  it("refuses a visitor's message flood and stores nothing of the refused message", async () => {
    const { ws, newVisitor, send } = await setup({ LIMIT_WIDGET_MESSAGES_PER_VISITOR: "3/1m" });
    const flooder = await newVisitor();
    const bystander = await newVisitor();
    for (let n = 0; n < 3; n++) await send(flooder, `Message ${n}`);
    const before = await countsFor(handle.db, ws.workspaceId);
    const error = await rateLimited(send(flooder, "One too many"));
    expect(error.message).toBe("You are sending messages too quickly. Wait a moment and try again.");
    expect(error.retryAfterSeconds).toBeGreaterThan(0);
    expect(error.retryAfterSeconds).toBeLessThanOrEqual(60);
    expect(await countsFor(handle.db, ws.workspaceId)).toEqual(before);
    // Someone else from the same address still writes.
    await send(bystander, "Hello");
  });

  it("refuses a flood of new visitors from one address, but never a returning or renewing visitor", async () => {
    const { ws, ctx, address, newVisitor } = await setup({ LIMIT_WIDGET_SESSIONS_PER_ADDRESS: "2/1h" });
    const first = await newVisitor();
    await newVisitor();
    const error = await rateLimited(newVisitor());
    expect(error.message).toBe("Too many chats were opened from your network. Please try again later.");
    expect(error.retryAfterSeconds).toBeGreaterThan(3500);

    const returning = await startWidgetSession(ctx, address, first);
    expect(returning.visitorToken).toBe(first.visitorToken);
    const { token: ageing } = issueVisitorToken(TEST_KEYS, ws.inboxId, {
      visitorId: visitorIdOf(first.visitorToken),
      issuedAt: Math.floor(Date.now() / 1000) - 2 * DAY,
    });
    const renewed = await startWidgetSession(ctx, address, { inboxToken: ws.inboxToken, visitorToken: ageing });
    expect(visitorIdOf(renewed.visitorToken)).toBe(visitorIdOf(first.visitorToken));
    // A forged token is a new visitor, and so is counted.
    await rateLimited(startWidgetSession(ctx, address, { inboxToken: ws.inboxToken, visitorToken: `${ageing}x` }));
    await newVisitor(testRequester());
  });
});

describe("widget sessions renew visitor tokens", () => {
  it("renews an ageing token for the same visitor, who keeps their conversation", async () => {
    const { ws, ctx, address, newVisitor, send } = await setup({});
    const visitor = await newVisitor();
    const sent = await send(visitor, "Hello");
    const visitorId = visitorIdOf(visitor.visitorToken);
    const issuedAt = Math.floor(Date.now() / 1000) - 2 * DAY;
    const { token: ageing } = issueVisitorToken(TEST_KEYS, ws.inboxId, { visitorId, issuedAt });

    const session = await startWidgetSession(ctx, address, { inboxToken: ws.inboxToken, visitorToken: ageing });
    expect(session.visitorToken).not.toBe(ageing);
    expect(visitorIdOf(session.visitorToken)).toBe(visitorId);
    expect(session.conversationId).toBe(sent.conversationId);
    const fresh = verifyVisitorToken(TEST_KEYS, ws.inboxId, session.visitorToken);
    expect(fresh).toMatchObject({ ok: true, needsRenewal: false });
    expect(session.renewAt.getTime()).toBeGreaterThan(Date.now() + DAY * 1000 - 60_000);
    // The renewed token works for sending into the same conversation.
    const again = await send({ inboxToken: ws.inboxToken, visitorToken: session.visitorToken }, "Still me");
    expect(again.conversationId).toBe(sent.conversationId);
  });

  it("re-issues a token of a previous secret under the current one, same visitor", async () => {
    const { ws, ctx, address, newVisitor, send } = await setup({});
    const visitor = await newVisitor();
    const sent = await send(visitor, "Before the rotation");
    const rotated = {
      ...ctx,
      visitorKeys: createVisitorKeyRing({
        secret: "a-brand-new-secret-after-rotation-0123456789",
        previousSecrets: [TEST_SECRET],
        ttlDays: 30,
      }),
    };
    // Still accepted everywhere before renewal.
    await send(visitor, "During the rotation");
    const during = await sendWidgetMessage(rotated, address, { ...visitor, body: "x", clientMessageId: clientId() });
    expect(during.conversationId).toBe(sent.conversationId);

    const session = await startWidgetSession(rotated, address, visitor);
    expect(session.visitorToken.split(".")[1]).not.toBe(visitor.visitorToken.split(".")[1]);
    expect(visitorIdOf(session.visitorToken)).toBe(visitorIdOf(visitor.visitorToken));
    expect(session.conversationId).toBe(sent.conversationId);
    expect(verifyVisitorToken(rotated.visitorKeys, ws.inboxId, session.visitorToken)).toMatchObject({
      ok: true,
      needsRenewal: false,
    });
  });

  it("gives an expired token a new visitor, and refuses it on every widget procedure with 401", async () => {
    const { ws, newVisitor, send } = await setup({});
    const visitor = await newVisitor();
    const sent = await send(visitor, "Long ago");
    const visitorId = visitorIdOf(visitor.visitorToken);
    const expired = issueVisitorToken(TEST_KEYS, ws.inboxId, {
      visitorId,
      issuedAt: Math.floor(Date.now() / 1000) - 31 * DAY,
    }).token;
    const credentials = { inboxToken: ws.inboxToken, visitorToken: expired };
    const caller = callerFor(handle.db, recordingDispatcher(), null);
    const message = "Your chat session has expired; reload the page";

    const before = await countsFor(handle.db, ws.workspaceId);
    await expectFailure(
      caller.widget.send({ ...credentials, body: "Hi", clientMessageId: clientId() }),
      "UNAUTHORIZED",
      message,
    );
    await expectFailure(
      caller.widget.messages({ ...credentials, conversationId: sent.conversationId }),
      "UNAUTHORIZED",
      message,
    );
    expect(await countsFor(handle.db, ws.workspaceId)).toEqual(before);

    const session = await caller.widget.session(credentials);
    expect(visitorIdOf(session.visitorToken)).not.toBe(visitorId);
    expect(session.conversationId).toBeNull();
  });

  it("answers a refused widget call over tRPC with TOO_MANY_REQUESTS and the limit's message", async () => {
    const ws = await createWorkspace(handle.db);
    const caller = callerFor(handle.db, recordingDispatcher(), null, undefined, {
      limits: parseEnv({ LIMIT_WIDGET_SESSIONS_PER_ADDRESS: "1/1h" }),
    });
    await caller.widget.session({ inboxToken: ws.inboxToken });
    await expectFailure(
      caller.widget.session({ inboxToken: ws.inboxToken }),
      "TOO_MANY_REQUESTS",
      "Too many chats were opened from your network. Please try again later.",
    );
  });
});

describe("channel auth refusals per address", () => {
  it("counts refusals only, and past the limit turns the address away before any lookup", async () => {
    const limits = createRateLimits(parseEnv({ LIMIT_CHANNEL_AUTH_FAILURES_PER_ADDRESS: "2/1m" }), {
      kind: "database",
      db: handle.db,
    });
    const { clientAddress } = testRequester();
    let lookups = 0;
    const granted = () => limitChannelAuthRefusals(limits, clientAddress, async () => (lookups++, "ok"));
    const denied = () =>
      limitChannelAuthRefusals(limits, clientAddress, async () => {
        lookups++;
        throw new ForbiddenError("You may not subscribe to this channel");
      });

    for (let n = 0; n < 5; n++) expect(await granted()).toBe("ok");
    await expect(denied()).rejects.toBeInstanceOf(ForbiddenError);
    await expect(denied()).rejects.toBeInstanceOf(ForbiddenError);
    expect(lookups).toBe(7);

    const error = await rateLimited(granted());
    expect(error.message).toMatch(/Too many refused subscriptions/);
    expect(error.retryAfterSeconds).toBeLessThanOrEqual(60);
    expect(lookups).toBe(7);
    // Another address is unaffected.
    expect(await limitChannelAuthRefusals(limits, testRequester().clientAddress, async () => "ok")).toBe("ok");
  });
});
