import Pusher from "pusher";
import type { RealtimeDelivery } from "./event-fanout";
import type { RealtimeSettings } from "./settings";

export type RealtimePublisher = {
  publish(deliveries: RealtimeDelivery[]): Promise<void>;
  /** Signs a channel subscription exactly as the configured Pusher-compatible server expects. */
  authorizeChannel(
    socketId: string,
    channel: string,
    presence?: { user_id: string; user_info?: Record<string, unknown> },
  ): { auth: string; channel_data?: string };
};

/** Pusher's HTTP API accepts at most 10 events per batch request. */
const BATCH_LIMIT = 10;

export function createPusherPublisher(settings: RealtimeSettings): RealtimePublisher {
  const pusher = new Pusher({
    appId: settings.appId,
    key: settings.key,
    secret: settings.secret,
    host: settings.host,
    port: String(settings.port),
    useTLS: settings.useTLS,
    timeout: 5_000,
  });
  return {
    async publish(deliveries) {
      const batch = deliveries.flatMap((delivery) =>
        delivery.channels.map((channel) => ({
          channel,
          name: delivery.name,
          data: delivery.data,
        })),
      );
      for (let start = 0; start < batch.length; start += BATCH_LIMIT) {
        await pusher.triggerBatch(batch.slice(start, start + BATCH_LIMIT));
      }
    },
    authorizeChannel(socketId, channel, presence) {
      return pusher.authorizeChannel(socketId, channel, presence);
    },
  };
}
