import { describe, expect, it } from "vitest";
import { MAX_REALTIME_PAYLOAD_BYTES, realtimeDeliveriesFor } from "@/server/realtime/event-fanout";
import type { StoredEvent } from "@/server/services/outbox/record-event";

const event = (type: StoredEvent["type"], payload: Record<string, unknown>): StoredEvent => ({
  id: 7,
  workspaceId: "ws_a",
  type,
  conversationId: "cnv_1",
  payload,
  createdAt: new Date(),
  publishedAt: null,
  publishAttempts: 0,
});

const channelsOf = (deliveries: ReturnType<typeof realtimeDeliveriesFor>) => deliveries.flatMap((d) => d.channels);

describe("realtime fan-out of domain events", () => {
  it("tells visitors about status changes only, without who made them", () => {
    const priority = realtimeDeliveriesFor(
      event("conversation.updated", { conversationId: "cnv_1", priority: "high", changedBy: "usr_1" }),
    );
    expect(channelsOf(priority)).toEqual(["private-workspace-ws_a", "private-conversation-cnv_1"]);

    const resolved = realtimeDeliveriesFor(
      event("conversation.updated", { conversationId: "cnv_1", status: "resolved", changedBy: "usr_1" }),
    );
    const forVisitor = resolved.find((d) => d.channels.includes("private-widget-cnv_1"));
    expect(forVisitor?.data).toEqual({ eventId: 7, conversationId: "cnv_1", status: "resolved" });
  });

  it("tells visitors how far agents have read, never which agent; customers' reads stay with the agents", () => {
    const agentRead = realtimeDeliveriesFor(
      event("conversation.read", { conversationId: "cnv_1", agentLastReadSeq: 4, readBy: "usr_1" }),
    );
    const forVisitor = agentRead.find((d) => d.channels.includes("private-widget-cnv_1"));
    expect(forVisitor?.data).toEqual({ eventId: 7, conversationId: "cnv_1", agentLastReadSeq: 4 });

    const contactRead = realtimeDeliveriesFor(
      event("conversation.read", { conversationId: "cnv_1", contactLastReadSeq: 5, readBy: "contact" }),
    );
    expect(channelsOf(contactRead)).toEqual(["private-workspace-ws_a", "private-conversation-cnv_1"]);
  });

  it("sends an oversized message as a resync hint instead of breaking Pusher's event size limit", () => {
    const body = "x".repeat(MAX_REALTIME_PAYLOAD_BYTES + 100);
    const deliveries = realtimeDeliveriesFor(
      event("message.created", {
        message: { id: "msg_1", conversationId: "cnv_1", seq: 4, direction: "inbound", body },
        conversation: {},
      }),
    );
    for (const delivery of deliveries) {
      expect(Buffer.byteLength(JSON.stringify(delivery.data))).toBeLessThan(MAX_REALTIME_PAYLOAD_BYTES);
      expect(delivery.data).toMatchObject({ resync: true, message: { id: "msg_1", seq: 4 } });
    }
    expect(channelsOf(deliveries)).toContain("private-widget-cnv_1");
  });
});
