import { z } from "zod";
import { isClientEventName, PusherEvent } from "./protocol";

export type ClientMessage =
  | { kind: "ping" }
  | { kind: "pong" }
  | { kind: "subscribe"; channel: string; auth?: string; channelData?: string }
  | { kind: "unsubscribe"; channel: string }
  | { kind: "client-event"; channel: string; event: string; data: unknown }
  | { kind: "unknown"; event: string };

export type ParsedClientMessage = { ok: true; message: ClientMessage } | { ok: false; reason: string };

const Envelope = z.object({
  event: z.string().min(1),
  channel: z.string().optional(),
  data: z.unknown().optional(),
});

const SubscribeData = z.object({
  channel: z.string().min(1),
  auth: z.string().optional(),
  channel_data: z.string().optional(),
});

const UnsubscribeData = z.object({ channel: z.string().min(1) });

const rejected = (reason: string): ParsedClientMessage => ({
  ok: false,
  reason,
});
const accepted = (message: ClientMessage): ParsedClientMessage => ({
  ok: true,
  message,
});

export function parseClientMessage(frame: string): ParsedClientMessage {
  let json: unknown;
  try {
    json = JSON.parse(frame);
  } catch {
    return rejected("Message is not valid JSON");
  }
  const envelope = Envelope.safeParse(json);
  if (!envelope.success) return rejected("Message must be a JSON object with a string `event`");
  const { event, channel, data } = envelope.data;

  switch (event) {
    case PusherEvent.Ping:
      return accepted({ kind: "ping" });
    case PusherEvent.Pong:
      return accepted({ kind: "pong" });
    case PusherEvent.Subscribe:
      return parseSubscribe(data);
    case PusherEvent.Unsubscribe:
      return parseUnsubscribe(data);
  }
  if (!isClientEventName(event)) return accepted({ kind: "unknown", event });
  if (channel === undefined) return rejected(`Client event ${event} needs a channel`);
  return accepted({ kind: "client-event", channel, event, data });
}

function parseSubscribe(data: unknown): ParsedClientMessage {
  const subscribe = SubscribeData.safeParse(dataAsObject(data));
  if (!subscribe.success) return rejected("pusher:subscribe needs data.channel, and auth/channel_data as strings");
  const { channel, auth, channel_data: channelData } = subscribe.data;
  return accepted({ kind: "subscribe", channel, auth, channelData });
}

function parseUnsubscribe(data: unknown): ParsedClientMessage {
  const unsubscribe = UnsubscribeData.safeParse(dataAsObject(data));
  if (!unsubscribe.success) return rejected("pusher:unsubscribe needs data.channel");
  return accepted({ kind: "unsubscribe", channel: unsubscribe.data.channel });
}

/** Some clients send `data` JSON-encoded, like the server does; pusher-js sends an object. */
function dataAsObject(data: unknown): unknown {
  if (typeof data !== "string") return data;
  try {
    return JSON.parse(data);
  } catch {
    return data;
  }
}
