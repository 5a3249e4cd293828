import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { formatChannelAuth, PusherErrorCode } from "@/server/realtime";
import { decodeData, startRealtimeHarness, testApp, type RealtimeHarness } from "./harness";

const MAX_MESSAGE_BYTES = 2048;
let harness: RealtimeHarness;

beforeAll(async () => {
  harness = await startRealtimeHarness({
    maxMessageBytes: MAX_MESSAGE_BYTES,
    maxRejectedMessagesPerMinute: 5,
  });
});
afterAll(() => harness.close());

describe("handshake", () => {
  it("sends connection_established with data as a JSON string", async () => {
    const socket = await harness.openRawSocket();
    const established = await socket.nextMessage("pusher:connection_established");
    expect(typeof established.data).toBe("string");
    const data = decodeData<{ socket_id: string; activity_timeout: number }>(established);
    expect(data.socket_id).toMatch(/^\d+\.\d+$/);
    expect(data.activity_timeout).toBe(120);
  });

  it("refuses an unknown app key with 4001, as an error frame and as the close code", async () => {
    const socket = await harness.openRawSocket("/app/unknown-key?protocol=7&client=js&version=8.6.0");
    const error = await socket.nextMessage("pusher:error");
    expect(error.data).toMatchObject({ code: PusherErrorCode.AppDoesNotExist });
    expect((await socket.closed).code).toBe(PusherErrorCode.AppDoesNotExist);
  });

  it("refuses a connection without a protocol version with 4008", async () => {
    const socket = await harness.openRawSocket(`/app/${testApp.key}?client=js`);
    expect((await socket.nextMessage("pusher:error")).data).toMatchObject({
      code: PusherErrorCode.NoProtocolVersionSupplied,
    });
    expect((await socket.closed).code).toBe(PusherErrorCode.NoProtocolVersionSupplied);
  });

  it("refuses an unsupported protocol version with 4007 and a malformed one with 4006", async () => {
    const tooNew = await harness.openRawSocket(`/app/${testApp.key}?protocol=8`);
    expect((await tooNew.closed).code).toBe(PusherErrorCode.UnsupportedProtocolVersion);
    const malformed = await harness.openRawSocket(`/app/${testApp.key}?protocol=seven`);
    expect((await malformed.closed).code).toBe(PusherErrorCode.InvalidVersionStringFormat);
  });

  it("refuses an unknown path under /app/ with 4005", async () => {
    const socket = await harness.openRawSocket(`/app/${testApp.key}/extra?protocol=7`);
    expect((await socket.closed).code).toBe(PusherErrorCode.PathNotFound);
  });
});

describe("messages after the handshake", () => {
  it("answers pusher:ping with pusher:pong", async () => {
    const socket = await harness.openRawSocket();
    await socket.nextMessage("pusher:connection_established");
    socket.sendJson({ event: "pusher:ping", data: {} });
    expect(await socket.nextMessage("pusher:pong")).toMatchObject({
      event: "pusher:pong",
    });
  });

  it("answers malformed JSON and oversized frames with pusher:error and keeps the connection", async () => {
    const socket = await harness.openRawSocket();
    await socket.nextMessage("pusher:connection_established");

    socket.sendText("{not json");
    expect((await socket.nextMessage("pusher:error")).data).toMatchObject({
      code: PusherErrorCode.ClientMessageRejected,
      message: expect.stringMatching(/JSON/),
    });
    socket.sendJson({
      event: "pusher:subscribe",
      data: { channel: "x".repeat(MAX_MESSAGE_BYTES) },
    });
    expect((await socket.nextMessage("pusher:error")).data).toMatchObject({
      message: expect.stringMatching(/byte limit/),
    });

    socket.sendJson({
      event: "pusher:subscribe",
      data: { channel: "still-alive" },
    });
    expect(await socket.nextMessage("pusher_internal:subscription_succeeded")).toMatchObject({
      channel: "still-alive",
      data: "{}",
    });
  });

  it("closes a connection that keeps sending rejected messages", async () => {
    const socket = await harness.openRawSocket();
    await socket.nextMessage("pusher:connection_established");
    for (let attempt = 0; attempt < 6; attempt++) socket.sendText("garbage");
    expect((await socket.closed).code).toBe(PusherErrorCode.ClientMessageRejected);
  });

  it("rejects client events on public channels and from sockets that are not subscribed", async () => {
    const socket = await harness.openRawSocket();
    await socket.nextMessage("pusher:connection_established");
    socket.sendJson({
      event: "pusher:subscribe",
      data: { channel: "public-lobby" },
    });
    await socket.nextMessage("pusher_internal:subscription_succeeded");

    socket.sendJson({
      event: "client-typing",
      channel: "public-lobby",
      data: {},
    });
    expect((await socket.nextMessage("pusher:error")).data).toMatchObject({
      code: PusherErrorCode.ClientMessageRejected,
      message: expect.stringMatching(/private- or presence-/),
    });
    socket.sendJson({
      event: "client-typing",
      channel: "private-not-joined",
      data: {},
    });
    expect((await socket.nextMessage("pusher:error")).data).toMatchObject({
      message: expect.stringMatching(/subscribe to private-not-joined/),
    });
  });

  it("refuses private subscriptions with a bad signature and invalid channel names", async () => {
    const socket = await harness.openRawSocket();
    await socket.nextMessage("pusher:connection_established");
    socket.sendJson({
      event: "pusher:subscribe",
      data: { channel: "private-x", auth: `${testApp.key}:deadbeef` },
    });
    expect(await socket.nextMessage("pusher:subscription_error")).toMatchObject({
      channel: "private-x",
      data: { type: "AuthError", status: 401 },
    });
    socket.sendJson({
      event: "pusher:subscribe",
      data: { channel: "bad channel!" },
    });
    expect(await socket.nextMessage("pusher:subscription_error")).toMatchObject({
      data: { type: "InvalidChannel", status: 400 },
    });
  });
});

describe("presence subscriptions", () => {
  it("refuses signed channel_data without a user_id", async () => {
    const socket = await harness.openRawSocket();
    const established = await socket.nextMessage("pusher:connection_established");
    const { socket_id: socketId } = decodeData<{ socket_id: string }>(established);
    const channelData = JSON.stringify({ user_info: { name: "Nobody" } });
    const auth = formatChannelAuth(testApp, socketId, "presence-room", channelData);
    socket.sendJson({
      event: "pusher:subscribe",
      data: { channel: "presence-room", auth, channel_data: channelData },
    });
    expect(await socket.nextMessage("pusher:subscription_error")).toMatchObject({
      channel: "presence-room",
      data: { type: "InvalidChannelData", status: 400 },
    });
  });

  it("sends the member list as a JSON string in subscription_succeeded", async () => {
    const socket = await harness.openRawSocket();
    const established = await socket.nextMessage("pusher:connection_established");
    const { socket_id: socketId } = decodeData<{ socket_id: string }>(established);
    const channelData = JSON.stringify({ user_id: 42 });
    const auth = formatChannelAuth(testApp, socketId, "presence-wire", channelData);
    socket.sendJson({
      event: "pusher:subscribe",
      data: { channel: "presence-wire", auth, channel_data: channelData },
    });
    const succeeded = await socket.nextMessage("pusher_internal:subscription_succeeded");
    expect(typeof succeeded.data).toBe("string");
    expect(decodeData(succeeded)).toEqual({
      presence: { ids: ["42"], hash: { "42": null }, count: 1 },
    });
  });
});

describe("server-side heartbeat", () => {
  let quickHarness: RealtimeHarness;
  beforeAll(async () => {
    quickHarness = await startRealtimeHarness({
      activityTimeoutSeconds: 0.2,
      pongTimeoutSeconds: 0.2,
    });
  });
  afterAll(() => quickHarness.close());

  it("pings a silent client and closes it with 4201 when no pong comes", async () => {
    const socket = await quickHarness.openRawSocket();
    await socket.nextMessage("pusher:connection_established");
    await socket.nextMessage("pusher:ping");
    expect((await socket.closed).code).toBe(PusherErrorCode.PongNotReceived);
  });

  it("keeps a client that answers pings", async () => {
    const socket = await quickHarness.openRawSocket();
    await socket.nextMessage("pusher:connection_established");
    for (let round = 0; round < 3; round++) {
      await socket.nextMessage("pusher:ping");
      socket.sendJson({ event: "pusher:pong", data: {} });
    }
    socket.sendJson({ event: "pusher:ping", data: {} });
    expect(await socket.nextMessage("pusher:pong")).toBeDefined();
  });
});
