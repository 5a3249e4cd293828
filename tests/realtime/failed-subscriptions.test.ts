import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { formatChannelAuth, PusherErrorCode } from "@/server/realtime";
import { decodeData, nextEvent, startRealtimeHarness, testApp, type RawSocket, type RealtimeHarness } from "./harness";

const TOLERATED = 3;
let harness: RealtimeHarness;

beforeAll(async () => {
  harness = await startRealtimeHarness({ maxFailedSubscriptionsPerMinute: TOLERATED });
});
afterAll(() => harness.close());

async function connected(): Promise<{ socket: RawSocket; socketId: string }> {
  const socket = await harness.openRawSocket();
  const established = await socket.nextMessage("pusher:connection_established");
  return { socket, socketId: decodeData<{ socket_id: string }>(established).socket_id };
}

describe("failed subscriptions", () => {
  it("closes a socket that keeps failing channel auth with 4009 after a pusher:error, and leaves others open", async () => {
    const prober = await connected();
    const honest = await connected();
    const pusherJs = await harness.connectClient({ userId: "agent-1" });

    const forged = (n: number) => ({
      event: "pusher:subscribe",
      data: { channel: `private-conversation-${n}`, auth: `${testApp.key}:${"0".repeat(64)}` },
    });
    for (let n = 0; n < TOLERATED; n++) {
      prober.socket.sendJson(forged(n));
      expect(await prober.socket.nextMessage("pusher:subscription_error")).toMatchObject({
        channel: `private-conversation-${n}`,
      });
    }
    // Wrong presence data counts as well; this one is over the limit.
    prober.socket.sendJson({ event: "pusher:subscribe", data: { channel: "presence-room", auth: "nope" } });
    expect((await prober.socket.nextMessage("pusher:error")).data).toMatchObject({
      code: PusherErrorCode.ConnectionUnauthorized,
      message: "Too many refused subscriptions",
    });
    expect(await prober.socket.closed).toEqual({
      code: PusherErrorCode.ConnectionUnauthorized,
      reason: "Too many refused subscriptions",
    });
    expect(PusherErrorCode.ConnectionUnauthorized).toBe(4009);

    // A client with one refusal and then valid auth keeps its connection and its channels.
    honest.socket.sendJson(forged(99));
    await honest.socket.nextMessage("pusher:subscription_error");
    const channel = "private-conversation-honest";
    honest.socket.sendJson({
      event: "pusher:subscribe",
      data: { channel, auth: formatChannelAuth(testApp, honest.socketId, channel) },
    });
    expect(await honest.socket.nextMessage("pusher_internal:subscription_succeeded")).toMatchObject({ channel });
    honest.socket.sendJson({ event: "pusher:ping", data: {} });
    await honest.socket.nextMessage("pusher:pong");

    const subscribed = pusherJs.subscribe("private-still-here");
    await nextEvent(subscribed, "pusher:subscription_succeeded");
    expect(pusherJs.connection.state).toBe("connected");
  });

  it("does not forgive earlier refusals because of successes in between", async () => {
    const { socket, socketId } = await connected();
    const forged = { event: "pusher:subscribe", data: { channel: "private-a", auth: `${testApp.key}:bad` } };
    for (let n = 0; n < TOLERATED; n++) {
      socket.sendJson(forged);
      await socket.nextMessage("pusher:subscription_error");
      socket.sendJson({
        event: "pusher:subscribe",
        data: { channel: `private-ok-${n}`, auth: formatChannelAuth(testApp, socketId, `private-ok-${n}`) },
      });
      await socket.nextMessage("pusher_internal:subscription_succeeded");
    }
    socket.sendJson(forged);
    expect((await socket.closed).code).toBe(PusherErrorCode.ConnectionUnauthorized);
  });
});
