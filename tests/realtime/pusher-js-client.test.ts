import type { Members, PresenceChannel } from "pusher-js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PusherErrorCode } from "@/server/realtime";
import { FORBIDDEN_CHANNEL_MARKER, nextEvent, startRealtimeHarness, type RealtimeHarness } from "./harness";

let harness: RealtimeHarness;

beforeAll(async () => {
  harness = await startRealtimeHarness();
});
afterAll(() => harness.close());

async function subscribed<T extends { bind: (...args: any[]) => unknown }>(channel: T): Promise<T> {
  await nextEvent(channel, "pusher:subscription_succeeded");
  return channel;
}

describe("pusher-js against the built-in server", () => {
  it("connects and receives a socket id", async () => {
    const client = await harness.connectClient();
    expect(client.connection.state).toBe("connected");
    expect(client.connection.socket_id).toMatch(/^\d+\.\d+$/);
    expect(harness.pusherServer.stats().connections).toBeGreaterThanOrEqual(1);
  });

  it("receives an event triggered with the official SDK on a public channel", async () => {
    const client = await harness.connectClient();
    const channel = await subscribed(client.subscribe("conversation-updates"));
    const received = nextEvent(channel, "conversation.created");
    await harness.sdk.trigger("conversation-updates", "conversation.created", {
      id: "conv_1",
      status: "open",
    });
    expect(await received).toEqual({ id: "conv_1", status: "open" });
  });

  it("subscribes to a private channel the app authorizes", async () => {
    const client = await harness.connectClient({ userId: "agent-1" });
    const channel = await subscribed(client.subscribe("private-inbox-7"));
    const received = nextEvent(channel, "message.created");
    await harness.sdk.trigger("private-inbox-7", "message.created", {
      body: "Hello",
    });
    expect(await received).toEqual({ body: "Hello" });
  });

  it("reports a subscription_error when the app refuses the channel", async () => {
    const client = await harness.connectClient({ userId: "agent-1" });
    const channel = client.subscribe(`private-${FORBIDDEN_CHANNEL_MARKER}-inbox`);
    const error = await nextEvent(channel, "pusher:subscription_error");
    expect(error).toMatchObject({ type: "AuthError", status: 403 });
  });

  it("reports a subscription_error when the server rejects a forged signature", async () => {
    const client = await harness.connectClient();
    const channel = client.subscribe("private-forged");
    // Swap the authorizer's answer for one signed with the wrong secret.
    channel.authorize = (_socketId: string, callback: (error: Error | null, data: { auth: string }) => void) =>
      callback(null, {
        auth: "test-key:0000000000000000000000000000000000000000000000000000000000000000",
      });
    channel.subscribe();
    const error = await nextEvent(channel, "pusher:subscription_error");
    expect(error).toMatchObject({ type: "AuthError", status: 401 });
  });

  it("does not deliver a triggered event to the socket named in socket_id", async () => {
    const sender = await harness.connectClient();
    const receiver = await harness.connectClient();
    const senderChannel = await subscribed(sender.subscribe("exclusion-check"));
    const receiverChannel = await subscribed(receiver.subscribe("exclusion-check"));
    const senderEvents: string[] = [];
    senderChannel.bind_global((event: string) => senderEvents.push(event));

    const receiverGotIt = nextEvent(receiverChannel, "note.added");
    const senderGotMarker = nextEvent(senderChannel, "marker");
    await harness.sdk.trigger("exclusion-check", "note.added", { n: 1 }, { socket_id: sender.connection.socket_id });
    await harness.sdk.trigger("exclusion-check", "marker", {});

    expect(await receiverGotIt).toEqual({ n: 1 });
    await senderGotMarker;
    expect(senderEvents).toEqual(["marker"]);
  });

  it("relays client events between two clients on a private channel, not back to the sender", async () => {
    const alice = await harness.connectClient({ userId: "alice" });
    const bob = await harness.connectClient({ userId: "bob" });
    const aliceChannel = await subscribed(alice.subscribe("private-conversation-9"));
    const bobChannel = await subscribed(bob.subscribe("private-conversation-9"));
    const aliceEvents: string[] = [];
    aliceChannel.bind_global((event: string) => aliceEvents.push(event));

    const bobReceived = nextEvent(bobChannel, "client-typing");
    expect(aliceChannel.trigger("client-typing", { typing: true })).toBe(true);
    expect(await bobReceived).toEqual({ typing: true });

    const aliceReceived = nextEvent(aliceChannel, "client-typing");
    bobChannel.trigger("client-typing", { typing: false });
    expect(await aliceReceived).toEqual({ typing: false });
    expect(aliceEvents).toEqual(["client-typing"]);
  });

  it("rejects client events on a public channel with a pusher:error and stays connected", async () => {
    const client = await harness.connectClient();
    const channel = await subscribed(client.subscribe("public-board"));
    const error = nextEvent(client.connection, "error");
    channel.trigger("client-shout", { loud: true });
    expect(await error).toMatchObject({
      type: "PusherError",
      data: { code: PusherErrorCode.ClientMessageRejected },
    });
    expect(client.connection.state).toBe("connected");
  });
});

describe("presence channels", () => {
  const channelName = "presence-inbox-1";

  it("lists members, announces joins and departures, and counts a user's sockets once", async () => {
    const ada = await harness.connectClient({ userId: "ada", userName: "Ada" });
    const adaChannel = (await subscribed(ada.subscribe(channelName))) as PresenceChannel;
    expect(adaChannel.members.count).toBe(1);
    expect(adaChannel.members.me).toEqual({ id: "ada", info: { name: "Ada" } });

    const announcements: string[] = [];
    adaChannel.bind("pusher:member_added", (member: { id: string }) => announcements.push(`+${member.id}`));
    adaChannel.bind("pusher:member_removed", (member: { id: string }) => announcements.push(`-${member.id}`));

    const grace = await harness.connectClient({
      userId: "grace",
      userName: "Grace",
    });
    const graceJoined = nextEvent(adaChannel, "pusher:member_added");
    const graceChannel = grace.subscribe(channelName) as PresenceChannel;
    const graceMembers = await nextEvent<Members>(graceChannel, "pusher:subscription_succeeded");
    expect(graceMembers.count).toBe(2);
    expect(graceMembers.get("ada")).toEqual({
      id: "ada",
      info: { name: "Ada" },
    });
    expect(await graceJoined).toEqual({ id: "grace", info: { name: "Grace" } });

    const adaSecondTab = await harness.connectClient({
      userId: "ada",
      userName: "Ada",
    });
    const secondTabMembers = await nextEvent<Members>(
      adaSecondTab.subscribe(channelName),
      "pusher:subscription_succeeded",
    );
    expect(secondTabMembers.count).toBe(2);

    const users = await getJson(`/channels/${channelName}/users`);
    expect(users).toEqual({
      users: expect.arrayContaining([{ id: "ada" }, { id: "grace" }]),
    });
    expect(
      await getJson(`/channels/${channelName}`, {
        info: "user_count,subscription_count",
      }),
    ).toEqual({
      occupied: true,
      user_count: 2,
      subscription_count: 3,
    });

    // Ada's second tab leaving must not announce her departure; Grace leaving must.
    adaSecondTab.disconnect();
    await expect
      .poll(() => getJson(`/channels/${channelName}`, { info: "subscription_count" }))
      .toEqual({ occupied: true, subscription_count: 2 });
    const graceLeft = nextEvent(adaChannel, "pusher:member_removed");
    grace.disconnect();
    expect(await graceLeft).toEqual({ id: "grace", info: { name: "Grace" } });
    expect(announcements).toEqual(["+grace", "-grace"]);
    expect(adaChannel.members.count).toBe(1);
  });

  it("passes the author's user_id with client events on presence channels", async () => {
    const ada = await harness.connectClient({ userId: "ada" });
    const grace = await harness.connectClient({ userId: "grace" });
    const adaChannel = await subscribed(ada.subscribe("presence-typing"));
    const graceChannel = await subscribed(grace.subscribe("presence-typing"));
    const received = new Promise<{ data: unknown; userId: unknown }>((resolve) =>
      graceChannel.bind("client-typing", (data: unknown, metadata: { user_id?: string }) =>
        resolve({ data, userId: metadata.user_id }),
      ),
    );
    adaChannel.trigger("client-typing", { typing: true });
    expect(await received).toEqual({ data: { typing: true }, userId: "ada" });
  });
});

function getJson(path: string, params?: Record<string, string>): Promise<unknown> {
  return harness.sdk.get({ path, params }).then((response) => response.json());
}
