import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { eq } from "drizzle-orm";
import pino from "pino";
import PusherClient, { type Channel } from "pusher-js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DatabaseHandle } from "@/db";
import { events } from "@/db/schema";
import { isDomainError, errorKind, HTTP_STATUS } from "@/server/errors";
import { createPusherServer, type PusherServer } from "@/server/realtime";
import { channelNames } from "@/server/realtime/channel-names";
import { createInProcessPublisher, createPusherPublisher, type RealtimePublisher } from "@/server/realtime/publisher";
import type { RealtimeSettings } from "@/server/realtime/settings";
import type { EventDispatcher, ServiceContext } from "@/server/services/context";
import { sendAgentReply } from "@/server/services/message/send-agent-reply";
import { createEventDispatcher } from "@/server/services/outbox/dispatch-events";
import type { StoredEvent } from "@/server/services/outbox/record-event";
import { relayPendingEvents } from "@/server/services/outbox/relay-pending-events";
import { authorizeChannel, type Subscriber } from "@/server/services/realtime/authorize-channel";
import { resolveVisitor } from "@/server/services/widget/resolve-visitor";
import { sendWidgetMessage } from "@/server/services/widget/send-widget-message";
import { openTestDatabase } from "../support/database";
import {
  clientId,
  createVisitor,
  createWorkspace,
  TEST_KEYS,
  testRequester,
  widgetContext,
  type TestWorkspace,
} from "../support/factories";
import { nextEvent, withTimeout } from "./harness";

const app = { id: "switchboard-fanout", key: "fanout-key", secret: "fanout-secret" };
const silent = pino({ level: "silent" });

let handle: DatabaseHandle;
let pusherServer: PusherServer;
let httpServer: Server;
let port: number;
let publisher: RealtimePublisher;
let httpApiRequests = 0;
let dispatcher: EventDispatcher;
let ctx: ServiceContext;
const clients = new Set<PusherClient>();

/**
 * Stand-in for the session cookie: an agent client names itself with `agent_user_id`,
 * which the test's auth route looks up here. Visitors send their real widget tokens.
 */
const signedInAgents = new Map<string, TestWorkspace["agent"]>();

const settingsFor = (targetPort: number): RealtimeSettings => ({
  appId: app.id,
  key: app.key,
  secret: app.secret,
  host: "127.0.0.1",
  port: targetPort,
  useTLS: false,
  cluster: "mt1",
  builtIn: true,
});

function readForm(request: IncomingMessage): Promise<URLSearchParams> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => resolve(new URLSearchParams(Buffer.concat(chunks).toString("utf8"))));
    request.on("error", reject);
  });
}

/** The app's channel-auth route, reduced to its decision: the authorizeChannel service, then the publisher's signature. */
async function channelAuthRoute(request: IncomingMessage, response: ServerResponse) {
  const reply = (status: number, body: unknown) =>
    response.writeHead(status, { "content-type": "application/json" }).end(JSON.stringify(body));
  try {
    const form = await readForm(request);
    const socketId = form.get("socket_id") ?? "";
    const channel = form.get("channel_name") ?? "";
    const inboxToken = form.get("inbox_token");
    const visitorToken = form.get("visitor_token");
    let subscriber: Subscriber;
    if (inboxToken && visitorToken) {
      subscriber = {
        kind: "visitor",
        visitor: await resolveVisitor(handle.db, TEST_KEYS, { inboxToken, visitorToken }),
      };
    } else {
      const agent = signedInAgents.get(form.get("agent_user_id") ?? "");
      if (!agent) return reply(401, { error: "Please sign in" });
      subscriber = { kind: "agent", actor: agent };
    }
    const grant = await authorizeChannel(handle.db, subscriber, channel);
    reply(200, publisher.authorizeChannel(socketId, channel, grant.presence));
  } catch (error) {
    if (isDomainError(error)) return reply(HTTP_STATUS[errorKind(error)], { error: error.message });
    reply(500, { error: "Something went wrong" });
  }
}

async function listen(server: Server): Promise<number> {
  return new Promise((resolve) => server.listen(0, "127.0.0.1", () => resolve((server.address() as AddressInfo).port)));
}

/** A port with nothing listening on it, for a realtime server that is down. */
async function closedPort(): Promise<number> {
  const probe = createServer();
  const free = await listen(probe);
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  return free;
}

beforeAll(async () => {
  handle = await openTestDatabase();
  pusherServer = createPusherServer({ app });
  httpServer = createServer((request, response) => {
    if (request.url?.startsWith("/apps/")) httpApiRequests += 1;
    if (pusherServer.handleHttpRequest(request, response)) return;
    if (request.method === "POST" && request.url === "/api/realtime/auth")
      return void channelAuthRoute(request, response);
    response.writeHead(404).end();
  });
  httpServer.on("upgrade", (request, socket, head) => {
    if (!pusherServer.handleUpgrade(request, socket, head)) socket.destroy();
  });
  port = await listen(httpServer);
  publisher = createPusherPublisher(settingsFor(port));
  dispatcher = createEventDispatcher(handle.db, publisher, silent);
  ctx = { db: handle.db, dispatcher };
});

afterAll(async () => {
  for (const client of clients) client.disconnect();
  await pusherServer?.close();
  httpServer?.closeAllConnections();
  await new Promise<void>((resolve) => (httpServer ? httpServer.close(() => resolve()) : resolve()));
  await handle?.close();
});

async function connect(params: Record<string, string>): Promise<PusherClient> {
  const client = new PusherClient(app.key, {
    cluster: "mt1",
    wsHost: "127.0.0.1",
    wsPort: port,
    forceTLS: false,
    enabledTransports: ["ws"],
    enableStats: false,
    channelAuthorization: { transport: "ajax", endpoint: `http://127.0.0.1:${port}/api/realtime/auth`, params },
  });
  clients.add(client);
  await withTimeout("pusher-js to connect", (resolve) => {
    if (client.connection.state === "connected") return resolve(undefined);
    client.connection.bind("connected", () => resolve(undefined));
  });
  return client;
}

type Received = { event: string; data: any };

/** Subscribes, waits for the server's confirmation, and records every app event on the channel. */
async function follow(client: PusherClient, name: string): Promise<{ channel: Channel; received: Received[] }> {
  const channel = client.subscribe(name);
  const received: Received[] = [];
  channel.bind_global((event: string, data: unknown) => {
    if (!event.startsWith("pusher:")) received.push({ event, data });
  });
  await nextEvent(channel, "pusher:subscription_succeeded");
  return { channel, received };
}

/** The next `message.created` on a channel whose message has the given id. */
function messageArrival(channel: Channel, messageId: string): Promise<any> {
  return withTimeout(`message.created for ${messageId} on ${channel.name}`, (resolve) => {
    channel.bind("message.created", (data: any) => {
      if (data?.message?.id === messageId) resolve(data);
    });
  });
}

async function workspaceWithAgentClient() {
  const ws = await createWorkspace(handle.db);
  signedInAgents.set(ws.agent.userId, ws.agent);
  const agentClient = await connect({ agent_user_id: ws.agent.userId });
  return { ws, agentClient };
}

async function outboxRows(workspaceId: string) {
  return handle.db.select().from(events).where(eq(events.workspaceId, workspaceId));
}

describe("domain events reach pusher-js clients through the built-in server", () => {
  it("delivers widget messages, agent replies and notes to the right channels and marks events published", async () => {
    const { ws, agentClient } = await workspaceWithAgentClient();
    const workspace = await follow(agentClient, channelNames.workspace(ws.workspaceId));
    const visitor = await createVisitor(handle.db, ws);

    const createdOnWorkspace = withTimeout<any>("conversation.created on the workspace channel", (resolve) =>
      workspace.channel.bind("conversation.created", resolve),
    );
    const messageOnWorkspace = nextEvent(workspace.channel, "message.created");
    const first = await sendWidgetMessage(widgetContext(ctx), testRequester(), {
      ...visitor,
      body: "First message",
      clientMessageId: clientId(),
    });
    expect(await createdOnWorkspace).toMatchObject({
      conversationId: first.conversationId,
      contactId: first.message.senderContactId,
    });
    expect(await messageOnWorkspace).toMatchObject({
      message: { id: first.message.id, seq: 1, body: "First message" },
    });
    expect(workspace.received.map((entry) => entry.event)).toEqual(["conversation.created", "message.created"]);

    const conversationId = first.conversationId;
    const agentSide = await follow(agentClient, channelNames.conversation(conversationId));
    const visitorClient = await connect({ inbox_token: visitor.inboxToken, visitor_token: visitor.visitorToken });
    const widgetSide = await follow(visitorClient, channelNames.widgetConversation(conversationId));

    // A visitor message reaches both the agent's conversation channel and the widget.
    const second = { clientMessageId: clientId(), body: "Are you there?" };
    const pendingAgent = nextEvent(agentSide.channel, "message.created");
    const pendingWidget = nextEvent(widgetSide.channel, "message.created");
    const sent = await sendWidgetMessage(widgetContext(ctx), testRequester(), { ...visitor, ...second });
    const onAgent = await pendingAgent;
    const onWidget = await pendingWidget;
    expect(onAgent).toMatchObject({
      message: { id: sent.message.id, seq: 2, body: "Are you there?", direction: "inbound", conversationId },
      conversation: { id: conversationId, lastSeq: 2, unreadCount: 2 },
    });
    expect(onWidget).toEqual({ eventId: expect.any(Number), message: sent.message });
    expect(onAgent.eventId).toBe(onWidget.eventId);

    // An agent reply reaches both too.
    const replyOnAgent = nextEvent(agentSide.channel, "message.created");
    const replyOnWidget = nextEvent(widgetSide.channel, "message.created");
    const reply = await sendAgentReply(ctx, ws.agent, {
      conversationId,
      body: "Yes, hello!",
      clientMessageId: clientId(),
      private: false,
    });
    expect(await replyOnAgent).toMatchObject({ message: { id: reply.message.id, seq: 3, direction: "outbound" } });
    expect(await replyOnWidget).toMatchObject({ message: { id: reply.message.id, seq: 3, body: "Yes, hello!" } });

    // A private note reaches agents only. The widget channel is ordered, so if the note had
    // leaked, it would be the widget's next message.created instead of the follow-up.
    const nextOnWidget = nextEvent(widgetSide.channel, "message.created");
    const noteOnAgent = nextEvent(agentSide.channel, "message.created");
    const note = await sendAgentReply(ctx, ws.agent, {
      conversationId,
      body: "Internal: VIP customer",
      clientMessageId: clientId(),
      private: true,
    });
    expect(await noteOnAgent).toMatchObject({ message: { id: note.message.id, direction: "note" } });
    const followUp = await sendAgentReply(ctx, ws.agent, {
      conversationId,
      body: "Anything else?",
      clientMessageId: clientId(),
      private: false,
    });
    expect(await nextOnWidget).toMatchObject({ message: { id: followUp.message.id, seq: 5 } });
    await withTimeout("the follow-up on the agent channel", (resolve) => {
      const check = () =>
        agentSide.received.some((entry) => entry.data.message.id === followUp.message.id)
          ? resolve(undefined)
          : setTimeout(check, 10);
      check();
    });

    const widgetMessages = widgetSide.received.map((entry) => entry.data.message);
    expect(widgetMessages.map((message) => message.seq)).toEqual([2, 3, 5]);
    expect(widgetMessages.some((message) => message.direction === "note")).toBe(false);
    expect(JSON.stringify(widgetSide.received)).not.toContain("VIP customer");
    expect(agentSide.received.map((entry) => entry.data.message.seq)).toEqual([2, 3, 4, 5]);

    const outbox = await outboxRows(ws.workspaceId);
    expect(outbox.map((event) => event.type).sort()).toEqual([
      "conversation.created",
      "message.created",
      "message.created",
      "message.created",
      "message.created",
      "message.created",
    ]);
    await dispatcher.flush?.();
    for (const event of await outboxRows(ws.workspaceId)) {
      expect(event.publishedAt, `event ${event.id} (${event.type})`).toBeInstanceOf(Date);
      expect(event.publishAttempts).toBe(0);
    }
  });

  it("refuses subscriptions the authorizeChannel service denies", async () => {
    const { ws, agentClient } = await workspaceWithAgentClient();
    const visitor = await createVisitor(handle.db, ws);
    const sent = await sendWidgetMessage(widgetContext(ctx), testRequester(), {
      ...visitor,
      body: "Hi",
      clientMessageId: clientId(),
    });
    const other = await workspaceWithAgentClient();

    const visitorClient = await connect({ inbox_token: visitor.inboxToken, visitor_token: visitor.visitorToken });
    const agentOnly = visitorClient.subscribe(channelNames.conversation(sent.conversationId));
    expect(await nextEvent(agentOnly, "pusher:subscription_error")).toMatchObject({ status: 403 });

    const foreign = other.agentClient.subscribe(channelNames.conversation(sent.conversationId));
    expect(await nextEvent(foreign, "pusher:subscription_error")).toMatchObject({ status: 403 });

    const own = await follow(agentClient, channelNames.conversation(sent.conversationId));
    expect(own.channel.subscribed).toBe(true);
  });
});

describe("the in-process publisher of the built-in server", () => {
  it("delivers the same events to pusher-js clients without an HTTP round trip", async () => {
    const inProcess = createInProcessPublisher(settingsFor(port), pusherServer);
    const local = { db: handle.db, dispatcher: createEventDispatcher(handle.db, inProcess, silent) };
    const { ws, agentClient } = await workspaceWithAgentClient();
    const workspace = await follow(agentClient, channelNames.workspace(ws.workspaceId));
    const visitor = await createVisitor(handle.db, ws);
    const before = httpApiRequests;

    const arrival = nextEvent(workspace.channel, "message.created");
    const sent = await sendWidgetMessage(widgetContext(local), testRequester(), {
      ...visitor,
      body: "Hi",
      clientMessageId: clientId(),
    });
    expect(await arrival).toMatchObject({ message: { id: sent.message.id, seq: 1, body: "Hi" } });
    expect(httpApiRequests).toBe(before);
    await local.dispatcher.flush?.();
    const rows = await outboxRows(ws.workspaceId);
    expect(rows.every((row) => row.publishedAt !== null)).toBe(true);
    // Channel signatures are the same as the SDK's, so subscriptions authorized either way are accepted.
    expect(inProcess.authorizeChannel("1.2", "private-x")).toEqual(publisher.authorizeChannel("1.2", "private-x"));
  });
});

describe("outbox relay", () => {
  it("keeps the event when realtime is down, without failing the send, and publishes it on relay", async () => {
    const { ws, agentClient } = await workspaceWithAgentClient();
    const visitor = await createVisitor(handle.db, ws);
    const first = await sendWidgetMessage(widgetContext(ctx), testRequester(), {
      ...visitor,
      body: "Hello",
      clientMessageId: clientId(),
    });
    const conversationId = first.conversationId;
    const agentSide = await follow(agentClient, channelNames.conversation(conversationId));

    const down = createEventDispatcher(handle.db, createPusherPublisher(settingsFor(await closedPort())), silent);
    const reply = await sendAgentReply({ db: handle.db, dispatcher: down }, ws.agent, {
      conversationId,
      body: "Sent while realtime was down",
      clientMessageId: clientId(),
      private: false,
    });
    expect(reply.created).toBe(true);
    expect(reply.message.seq).toBe(2);

    const unpublished = (await outboxRows(ws.workspaceId)).filter(
      (event) => (event.payload as { message?: { id: string } }).message?.id === reply.message.id,
    );
    expect(unpublished).toHaveLength(1);
    const [pending] = unpublished;
    expect(pending?.publishedAt).toBeNull();
    expect(pending?.publishAttempts).toBeGreaterThanOrEqual(1);
    expect(agentSide.received.map((entry) => entry.data.message.id)).not.toContain(reply.message.id);

    const arrival = messageArrival(agentSide.channel, reply.message.id);
    // Other suites may leave unpublished events in a shared database; relay until ours is out.
    let relayed = 0;
    for (let round = 0; round < 100; round++) {
      relayed += await relayPendingEvents(handle.db, dispatcher, { minAgeMs: 0, limit: 100 });
      const [row] = await handle.db.select().from(events).where(eq(events.id, pending!.id));
      if (row?.publishedAt) break;
    }
    expect(relayed).toBeGreaterThanOrEqual(1);
    expect(await arrival).toMatchObject({
      message: { id: reply.message.id, body: "Sent while realtime was down", seq: 2 },
    });
    const [after] = await handle.db.select().from(events).where(eq(events.id, pending!.id));
    expect(after?.publishedAt).toBeInstanceOf(Date);
    expect(after?.publishAttempts).toBe(pending?.publishAttempts);

    // Once published, the relay leaves it alone.
    const again = await relayPendingEvents(handle.db, dispatcher, { minAgeMs: 0, limit: 100 });
    const [still] = await handle.db.select().from(events).where(eq(events.id, pending!.id));
    expect(still?.publishedAt).toEqual(after?.publishedAt);
    expect(again).toBeGreaterThanOrEqual(0);
  });

  it("sets a malformed event aside without holding back the valid ones published with it", async () => {
    const { ws, agentClient } = await workspaceWithAgentClient();
    const visitor = await createVisitor(handle.db, ws);
    const first = await sendWidgetMessage(widgetContext(ctx), testRequester(), {
      ...visitor,
      body: "Hello",
      clientMessageId: clientId(),
    });
    const agentSide = await follow(agentClient, channelNames.conversation(first.conversationId));

    const down = createEventDispatcher(handle.db, createPusherPublisher(settingsFor(await closedPort())), silent);
    const reply = await sendAgentReply({ db: handle.db, dispatcher: down }, ws.agent, {
      conversationId: first.conversationId,
      body: "Queued behind a broken event",
      clientMessageId: clientId(),
      private: false,
    });
    const [poison] = await handle.db
      .insert(events)
      .values({ workspaceId: ws.workspaceId, type: "message.created", conversationId: null, payload: {} })
      .returning();
    const pending = (await outboxRows(ws.workspaceId)).filter((event) => event.publishedAt === null);
    expect(pending.map((event) => event.id)).toContain(poison!.id);

    const arrival = messageArrival(agentSide.channel, reply.message.id);
    await dispatcher.dispatch(pending as StoredEvent[]);
    expect(await arrival).toMatchObject({ message: { id: reply.message.id, seq: 2 } });

    await dispatcher.flush?.();
    const rows = await outboxRows(ws.workspaceId);
    const poisonRow = rows.find((event) => event.id === poison!.id);
    expect(poisonRow?.publishedAt).toBeNull();
    expect(poisonRow?.publishAttempts).toBe(1);
    expect(rows.filter((event) => event.id !== poison!.id).every((event) => event.publishedAt !== null)).toBe(true);
  });
});
