import { request as httpRequest, type RequestOptions } from "node:http";
import { request as httpsRequest } from "node:https";
import type { LookupFunction } from "node:net";
import { isIP } from "node:net";
import { Webhook } from "standardwebhooks";
import { InvalidInputError } from "@/server/errors";
import { checkPublicUrl, type OutboundUrlPolicy } from "@/server/net/public-address";
import type { ChannelInbox, OutboundMessage, SendErrorClass, SendResult } from "../contract";

/** A callback answered with a status outside 2xx. */
export class CallbackHttpError extends Error {
  constructor(
    readonly status: number,
    readonly body: string,
  ) {
    super(`HTTP ${status}${body ? `: ${body}` : ""}`);
  }
}

export class CallbackTimeoutError extends Error {
  constructor(seconds: number) {
    super(`The callback did not answer within ${seconds} seconds`);
  }
}

/** The inbox cannot be delivered to at all (no URL or no secret): retrying will not help. */
export class CallbackNotConfiguredError extends Error {}

export type CallbackOptions = OutboundUrlPolicy & { timeoutSeconds: number };

const HttpStatus = { RequestTimeout: 408, TooManyRequests: 429 } as const;
const MAX_REASON_BODY = 200;
const MAX_READ_BODY = 16 * 1024;

/** The JSON an API inbox's callback receives for one agent reply (Standard Webhooks envelope). */
export function callbackPayload(message: OutboundMessage, now: Date): string {
  return JSON.stringify({
    type: "message.created",
    timestamp: now.toISOString(),
    data: {
      deliveryId: message.deliveryId,
      messageId: message.messageId,
      conversationId: message.conversationId,
      seq: message.seq,
      body: message.body,
      createdAt: message.createdAt.toISOString(),
      recipient: message.recipient,
      agent: message.agent,
    },
  });
}

/** Connects only to the address that was checked, whatever the name resolves to by then. */
function pinnedLookup(address: string): LookupFunction {
  const family = isIP(address);
  return (_hostname, options, callback) => {
    if (options.all) callback(null, [{ address, family }]);
    else callback(null, address, family);
  };
}

const shortBody = (text: string) => {
  const flat = text.replace(/\s+/g, " ").trim();
  return flat.length > MAX_REASON_BODY ? `${flat.slice(0, MAX_REASON_BODY)}…` : flat;
};

/**
 * POSTs the message to the inbox's callback URL, signed per Standard Webhooks: `webhook-id` is
 * the delivery id (the same on every attempt, so the receiver can keep one copy),
 * `webhook-signature` an HMAC-SHA256 of "id.timestamp.body" under the inbox's `whsec_` secret.
 */
export async function sendCallback(
  inbox: ChannelInbox,
  message: OutboundMessage,
  options: CallbackOptions,
): Promise<SendResult> {
  if (!inbox.callbackUrl) throw new CallbackNotConfiguredError("The inbox has no callback URL");
  if (!inbox.webhookSecret) throw new CallbackNotConfiguredError("The inbox has no webhook signing secret");
  const checked = await checkPublicUrl(inbox.callbackUrl, options);
  const address = checked.addresses[0];
  if (!address) throw new InvalidInputError("The callback URL's host could not be resolved");

  const now = new Date();
  const body = callbackPayload(message, now);
  const signature = new Webhook(inbox.webhookSecret).sign(message.deliveryId, now, body);
  const request = checked.url.protocol === "https:" ? httpsRequest : httpRequest;
  const requestOptions: RequestOptions = {
    method: "POST",
    lookup: pinnedLookup(address),
    agent: false,
    headers: {
      "content-type": "application/json",
      "content-length": Buffer.byteLength(body),
      "user-agent": "Switchboard-Webhooks/1",
      "webhook-id": message.deliveryId,
      "webhook-timestamp": String(Math.floor(now.getTime() / 1000)),
      "webhook-signature": signature,
    },
  };

  return new Promise<SendResult>((resolve, reject) => {
    const req = request(checked.url, requestOptions, (res) => {
      const chunks: Buffer[] = [];
      let size = 0;
      res.on("data", (chunk: Buffer) => {
        if (size < MAX_READ_BODY) chunks.push(chunk);
        size += chunk.length;
      });
      res.on("error", reject);
      res.on("end", () => {
        const status = res.statusCode ?? 0;
        const text = Buffer.concat(chunks).toString("utf8").slice(0, MAX_READ_BODY);
        if (status >= 200 && status < 300) resolve({ providerMessageId: null });
        else reject(new CallbackHttpError(status, shortBody(text)));
      });
    });
    req.setTimeout(options.timeoutSeconds * 1000, () => {
      req.destroy(new CallbackTimeoutError(options.timeoutSeconds));
    });
    req.on("error", reject);
    req.end(body);
  });
}

/** Network errors, timeouts, 5xx, 408 and 429 are worth another attempt; other answers are final. */
export function classifyCallbackError(error: unknown): SendErrorClass {
  if (error instanceof CallbackHttpError) {
    const retryable =
      error.status >= 500 || error.status === HttpStatus.RequestTimeout || error.status === HttpStatus.TooManyRequests;
    return { retryable, reason: error.message };
  }
  if (error instanceof CallbackTimeoutError) return { retryable: true, reason: error.message };
  if (error instanceof InvalidInputError || error instanceof CallbackNotConfiguredError) {
    return { retryable: false, reason: error.message };
  }
  const code = (error as NodeJS.ErrnoException | null)?.code;
  const message = error instanceof Error ? error.message : String(error);
  return { retryable: true, reason: code ? `Could not reach the callback URL (${code})` : message };
}
