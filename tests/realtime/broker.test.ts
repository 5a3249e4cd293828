import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createLocalBroker, type BrokerMessage, type RealtimeBroker } from "@/server/realtime";
import { nextEvent, startRealtimeHarness, type RealtimeHarness } from "./harness";

describe("local broker", () => {
  it("delivers to every handler until it is removed or the broker closes", async () => {
    const broker = createLocalBroker();
    const first: BrokerMessage[] = [];
    const second: BrokerMessage[] = [];
    const stopFirst = broker.onMessage((message) => first.push(message));
    broker.onMessage((message) => second.push(message));

    const message = { channel: "lobby", event: "hello", data: "{}" };
    await broker.publish(message);
    stopFirst();
    await broker.publish({ ...message, event: "again" });
    await broker.close();

    expect(first.map((received) => received.event)).toEqual(["hello"]);
    expect(second.map((received) => received.event)).toEqual(["hello", "again"]);
    await expect(broker.publish(message)).rejects.toThrow(/closed/);
  });

  it("keeps delivering when one handler throws", async () => {
    const errors: unknown[] = [];
    const broker = createLocalBroker({
      onHandlerError: (error) => errors.push(error),
    });
    const delivered: string[] = [];
    broker.onMessage(() => {
      throw new Error("boom");
    });
    broker.onMessage((message) => delivered.push(message.event));
    await broker.publish({ channel: "lobby", event: "hello", data: "{}" });
    expect(delivered).toEqual(["hello"]);
    expect(errors).toHaveLength(1);
  });
});

describe("two server nodes sharing one broker", () => {
  let broker: RealtimeBroker;
  let nodeA: RealtimeHarness;
  let nodeB: RealtimeHarness;

  beforeAll(async () => {
    broker = createLocalBroker();
    nodeA = await startRealtimeHarness({ broker });
    nodeB = await startRealtimeHarness({ broker });
  });
  afterAll(async () => {
    await Promise.all([nodeA.close(), nodeB.close()]);
    await broker.close();
  });

  it("delivers an event triggered on one node to a client connected to the other", async () => {
    const client = await nodeB.connectClient();
    const channel = client.subscribe("cross-node");
    await nextEvent(channel, "pusher:subscription_succeeded");
    const received = nextEvent(channel, "conversation.assigned");
    await nodeA.sdk.trigger("cross-node", "conversation.assigned", {
      agent: "ada",
    });
    expect(await received).toEqual({ agent: "ada" });
    expect(nodeA.pusherServer.stats()).toEqual({ connections: 0, channels: 0 });
    expect(nodeB.pusherServer.stats()).toEqual({ connections: 1, channels: 1 });
  });

  it("relays client events between clients on different nodes", async () => {
    const onA = await nodeA.connectClient({ userId: "a" });
    const onB = await nodeB.connectClient({ userId: "b" });
    const channelA = onA.subscribe("private-cross-node");
    const channelB = onB.subscribe("private-cross-node");
    await Promise.all([
      nextEvent(channelA, "pusher:subscription_succeeded"),
      nextEvent(channelB, "pusher:subscription_succeeded"),
    ]);
    const received = nextEvent(channelB, "client-typing");
    channelA.trigger("client-typing", { typing: true });
    expect(await received).toEqual({ typing: true });
  });
});
