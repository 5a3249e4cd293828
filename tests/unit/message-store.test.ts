import { describe, expect, it } from "vitest";
import {
  applyDeliveryUpdate,
  highestSeq,
  isRetriableSendError,
  mergeMessages,
  optimisticMessage,
  type ChatMessage,
} from "@/components/chat/message-store";

const CONVERSATION = "cnv_06h0test";

/** A message as the server stored it. */
function stored(seq: number, overrides: Partial<ChatMessage> = {}): ChatMessage {
  return {
    id: `msg_${seq.toString().padStart(4, "0")}`,
    conversationId: CONVERSATION,
    seq,
    direction: "inbound",
    senderType: "contact",
    senderUserId: null,
    senderContactId: "ct_1",
    body: `Message ${seq}`,
    attachments: [],
    clientMessageId: `cm_client_${seq}`,
    deliveryStatus: "delivered",
    deliveryError: null,
    createdAt: new Date(Date.UTC(2025, 0, 1, 0, 0, seq)).toISOString(),
    ...overrides,
  };
}

function pending(clientMessageId: string, body = "Typing…", createdAt?: string): ChatMessage {
  const message = optimisticMessage({
    conversationId: CONVERSATION,
    direction: "inbound",
    senderType: "contact",
    body,
    clientMessageId,
  });
  return createdAt ? { ...message, createdAt } : message;
}

describe("mergeMessages", () => {
  it("shows a message delivered twice (page load and realtime) once, by id", () => {
    const withoutClientId = stored(1, { clientMessageId: null, direction: "outbound", senderType: "agent" });
    const merged = mergeMessages([withoutClientId, stored(2)], [withoutClientId, stored(2), stored(3)]);
    expect(merged.map((message) => message.seq)).toEqual([1, 2, 3]);
  });

  it("dedupes by clientMessageId even when the copies have different ids", () => {
    const a = stored(4, { clientMessageId: "cm_same" });
    const b = { ...a, id: "msg_other" };
    const merged = mergeMessages([a], [b]);
    expect(merged).toHaveLength(1);
  });

  it("replaces the optimistic copy with the stored message once it arrives", () => {
    const optimistic = pending("cm_new", "Hello");
    const confirmed = stored(7, { clientMessageId: "cm_new", body: "Hello" });
    const merged = mergeMessages([stored(6), optimistic], [confirmed]);
    expect(merged).toEqual([stored(6), confirmed]);
    expect(merged.some((message) => message.localState)).toBe(false);
  });

  it("never lets an optimistic or failed copy replace a stored message, whatever the arrival order", () => {
    const confirmed = stored(8, { clientMessageId: "cm_race" });
    expect(mergeMessages([confirmed], [pending("cm_race")])).toEqual([confirmed]);
    expect(mergeMessages([confirmed], [{ ...pending("cm_race"), localState: "failed" }])).toEqual([confirmed]);
    expect(mergeMessages([], [confirmed, pending("cm_race")])).toEqual([confirmed]);
  });

  it("lets a later stored copy update an earlier one (e.g. delivery status)", () => {
    const sent = stored(2, { deliveryStatus: "sent" });
    const read = { ...sent, deliveryStatus: "read" as const };
    expect(mergeMessages([sent], [read])).toEqual([read]);
  });

  it("lets a retry replace a failed optimistic copy", () => {
    const failed = { ...pending("cm_retry"), localState: "failed" as const };
    const retrying = pending("cm_retry");
    const merged = mergeMessages([failed], [retrying]);
    expect(merged).toHaveLength(1);
    expect(merged[0]?.localState).toBe("pending");
  });

  it("sorts stored messages by seq and keeps pending ones last, oldest first", () => {
    const early = pending("cm_p1", "first pending", "2025-01-01T00:00:01.000Z");
    const late = pending("cm_p2", "second pending", "2025-01-01T00:00:02.000Z");
    const merged = mergeMessages([late, stored(3)], [stored(1), early, stored(10), stored(2)]);
    expect(merged.map((message) => message.localState ?? message.seq)).toEqual([1, 2, 3, 10, "pending", "pending"]);
    expect(merged.slice(-2).map((message) => message.clientMessageId)).toEqual(["cm_p1", "cm_p2"]);
  });

  it("does not mutate its inputs", () => {
    const current = [stored(2), stored(1)];
    const incoming = [pending("cm_x")];
    const snapshot = JSON.stringify([current, incoming]);
    mergeMessages(current, incoming);
    expect(JSON.stringify([current, incoming])).toBe(snapshot);
  });
});

describe("highestSeq", () => {
  it("is the largest stored seq, ignoring pending messages", () => {
    expect(highestSeq([])).toBe(0);
    expect(highestSeq([pending("cm_only")])).toBe(0);
    expect(highestSeq([stored(3), stored(9), pending("cm_p"), stored(5)])).toBe(9);
  });
});

describe("isRetriableSendError", () => {
  /** Shaped like the errors @trpc/client raises: `data` from the server's error shape, or none at all. */
  const clientError = (fields: { data?: unknown; meta?: unknown; cause?: unknown }) =>
    Object.assign(new Error("failed"), { name: "TRPCClientError" }, fields);

  it("repeats a 503 and a request that got no answer", () => {
    expect(isRetriableSendError(clientError({ data: { httpStatus: 503, code: "SERVICE_UNAVAILABLE" } }))).toBe(true);
    expect(isRetriableSendError(clientError({ cause: new TypeError("Failed to fetch") }))).toBe(true);
    // A server still starting answers 503 without a tRPC body.
    expect(isRetriableSendError(clientError({ meta: { response: { status: 503 } }, cause: new Error("x") }))).toBe(
      true,
    );
  });

  it("never repeats a refusal or a bug", () => {
    for (const [httpStatus, code] of [
      [400, "BAD_REQUEST"],
      [404, "NOT_FOUND"],
      [429, "TOO_MANY_REQUESTS"],
      [500, "INTERNAL_SERVER_ERROR"],
    ] as const) {
      expect(isRetriableSendError(clientError({ data: { httpStatus, code } }))).toBe(false);
    }
    expect(isRetriableSendError(clientError({ meta: { response: { status: 500 } }, cause: new Error("x") }))).toBe(
      false,
    );
    expect(isRetriableSendError(new Error("plain"))).toBe(false);
    expect(isRetriableSendError(null)).toBe(false);
  });
});

describe("applyDeliveryUpdate", () => {
  it("moves one stored message's delivery on and leaves the others", () => {
    const messages = [stored(1), stored(2, { direction: "outbound", deliveryStatus: "queued" })];
    const failed = applyDeliveryUpdate(messages, {
      id: "msg_0002",
      conversationId: CONVERSATION,
      deliveryStatus: "failed",
      deliveryError: "HTTP 410: gone",
    });
    expect(failed[1]).toMatchObject({ deliveryStatus: "failed", deliveryError: "HTTP 410: gone", body: "Message 2" });
    expect(failed[0]).toBe(messages[0]);
  });

  it("ignores an update for a message not on screen", () => {
    const messages = [stored(1)];
    const update = {
      id: "msg_9999",
      conversationId: CONVERSATION,
      deliveryStatus: "sent" as const,
      deliveryError: null,
    };
    expect(applyDeliveryUpdate(messages, update)).toBe(messages);
  });
});
