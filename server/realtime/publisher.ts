import Pusher from "pusher";
import { encodeData, type RealtimeDelivery } from "./event-fanout";
import type { PusherServer } from "./pusher-server";
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

const eventsOf = (deliveries: RealtimeDelivery[]) =>
  deliveries.flatMap((delivery) =>
    delivery.channels.map((channel) => ({ channel, name: delivery.name, data: delivery.data })),
  );

const sdkFor = (settings: RealtimeSettings) =>
  new Pusher({
    appId: settings.appId,
    key: settings.key,
    secret: settings.secret,
    host: settings.host,
    port: String(settings.port),
    useTLS: settings.useTLS,
    timeout: 5_000,
  });

/** Publishes over the Pusher HTTP API: how the app reaches an external Pusher-compatible cluster. */
export function createPusherPublisher(settings: RealtimeSettings): RealtimePublisher {
  const pusher = sdkFor(settings);
  return {
    async publish(deliveries) {
      const batch = eventsOf(deliveries);
      for (let start = 0; start < batch.length; start += BATCH_LIMIT) {
        await pusher.triggerBatch(batch.slice(start, start + BATCH_LIMIT));
      }
    },
    authorizeChannel: (socketId, channel, presence) => pusher.authorizeChannel(socketId, channel, presence),
  };
}

/**
 * Publishes straight into the built-in realtime server of this process: the same events the
 * HTTP API would carry, with no signing, no socket and no JSON round trip through HTTP.
 */
export function createInProcessPublisher(
  settings: RealtimeSettings,
  server: Pick<PusherServer, "trigger">,
): RealtimePublisher {
  const pusher = sdkFor(settings);
  return {
    publish: (deliveries) =>
      server.trigger(eventsOf(deliveries).map((event) => ({ ...event, data: encodeData(event.data) }))),
    authorizeChannel: (socketId, channel, presence) => pusher.authorizeChannel(socketId, channel, presence),
  };
}

const registry = globalThis as typeof globalThis & { __switchboardBuiltInRealtime?: PusherServer };

/** The built-in realtime server this process runs, once the custom server has created it. */
export const builtInRealtime = (): PusherServer | null => registry.__switchboardBuiltInRealtime ?? null;

export function registerBuiltInRealtime(server: PusherServer): void {
  registry.__switchboardBuiltInRealtime = server;
}
