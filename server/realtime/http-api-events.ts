import { z } from "zod";
import type { BrokerMessage } from "./broker";
import { apiError, HttpStatus, type HttpApiResult } from "./http-api-result";
import { isValidChannelName, MAX_CHANNEL_NAME_LENGTH, PusherLimit } from "./protocol";
import type { RealtimeNode } from "./realtime-node";

const SocketId = z.string().regex(/^\d+\.\d+$/, "socket_id must look like 123.456");
const EventName = z
  .string()
  .min(1)
  .max(PusherLimit.EventNameLength)
  // Protocol-reserved names would let an API caller forge member_added or subscription notices.
  .refine((name) => !name.startsWith("pusher:") && !name.startsWith("pusher_internal:"), {
    message: "Event names starting with pusher: or pusher_internal: are reserved",
  });
const ChannelName = z.string().refine(isValidChannelName, {
  message: `Channel names use at most ${MAX_CHANNEL_NAME_LENGTH} of A-Z a-z 0-9 _ - = @ , . ;`,
});

export const TriggerEventInput = z
  .object({
    name: EventName,
    data: z.string({
      error: "data must be a string (JSON-encode objects before sending)",
    }),
    channel: ChannelName.optional(),
    channels: z.array(ChannelName).min(1).max(PusherLimit.ChannelsPerTrigger).optional(),
    socket_id: SocketId.optional(),
  })
  .refine((input) => (input.channel === undefined) !== (input.channels === undefined), {
    message: "Give exactly one of channel or channels",
  });
export type TriggerEventInput = z.infer<typeof TriggerEventInput>;

export const BatchEventInput = z.object({
  name: EventName,
  data: z.string({
    error: "data must be a string (JSON-encode objects before sending)",
  }),
  channel: ChannelName,
  socket_id: SocketId.optional(),
});
export type BatchEventInput = z.infer<typeof BatchEventInput>;

export const TriggerBatchInput = z.object({
  batch: z.array(BatchEventInput).min(1).max(PusherLimit.EventsPerBatch),
});
export type TriggerBatchInput = z.infer<typeof TriggerBatchInput>;

/** POST /apps/{appId}/events */
export async function triggerEvent(node: RealtimeNode, body: unknown): Promise<HttpApiResult> {
  const input = TriggerEventInput.safeParse(body);
  if (!input.success) return badRequest(input.error);
  const { name, data, socket_id: excludeSocketId } = input.data;
  const channels = input.data.channels ?? (input.data.channel === undefined ? [] : [input.data.channel]);
  const oversized = checkDataSize(node, data);
  if (oversized) return oversized;
  return publishAll(
    node,
    channels.map((channel) => brokerMessage(channel, name, data, excludeSocketId)),
  );
}

/** POST /apps/{appId}/batch_events: all events are checked before any is published. */
export async function triggerBatch(node: RealtimeNode, body: unknown): Promise<HttpApiResult> {
  const input = TriggerBatchInput.safeParse(body);
  if (!input.success) return badRequest(input.error);
  for (const event of input.data.batch) {
    const oversized = checkDataSize(node, event.data);
    if (oversized) return oversized;
  }
  const messages = input.data.batch.map((event) =>
    brokerMessage(event.channel, event.name, event.data, event.socket_id),
  );
  return publishAll(node, messages);
}

function brokerMessage(channel: string, event: string, data: string, excludeSocketId?: string): BrokerMessage {
  return excludeSocketId === undefined ? { channel, event, data } : { channel, event, data, excludeSocketId };
}

async function publishAll(node: RealtimeNode, messages: BrokerMessage[]): Promise<HttpApiResult> {
  try {
    await Promise.all(messages.map((message) => node.broker.publish(message)));
  } catch (error) {
    node.config.logger.error({ err: error }, "Could not publish events from the HTTP API");
    return apiError(HttpStatus.ServiceUnavailable, "Could not publish the event, try again");
  }
  return { status: HttpStatus.Ok, body: {} };
}

function checkDataSize(node: RealtimeNode, data: string): HttpApiResult | undefined {
  const bytes = Buffer.byteLength(data);
  if (bytes <= node.config.maxMessageBytes) return undefined;
  return apiError(
    HttpStatus.PayloadTooLarge,
    `Event data is ${bytes} bytes; the limit is ${node.config.maxMessageBytes}`,
  );
}

function badRequest(error: z.ZodError): HttpApiResult {
  const details = error.issues.map((issue) => `${issue.path.join(".") || "body"}: ${issue.message}`);
  return apiError(HttpStatus.BadRequest, `Invalid request: ${details.join("; ")}`);
}
