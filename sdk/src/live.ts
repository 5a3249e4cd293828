import type { SwitchboardClient } from "./client.js";
import type { Message, RealtimeAuth } from "./types.js";

/** The part of pusher-js the SDK uses, so any of its builds (web, Node, React Native) fits. */
type PusherChannelLike = { bind(event: string, callback: (data: never) => void): unknown };
type PusherLike = {
  subscribe(channelName: string): PusherChannelLike;
  unsubscribe(channelName: string): void;
  disconnect(): void;
};
type PusherOptionsLike = {
  cluster: string;
  wsHost: string;
  wsPort: number;
  wssPort: number;
  forceTLS: boolean;
  enabledTransports: ("ws" | "wss")[];
  disableStats: boolean;
  channelAuthorization: {
    customHandler: (
      params: { socketId: string; channelName: string },
      callback: (error: Error | null, data: RealtimeAuth | null) => void,
    ) => void;
  };
};
export type PusherConstructor = new (key: string, options: PusherOptionsLike) => PusherLike;

async function loadPusher(): Promise<PusherConstructor> {
  const loaded = (await import("pusher-js")) as unknown as {
    default: PusherConstructor | { default: PusherConstructor };
  };
  return typeof loaded.default === "function" ? loaded.default : loaded.default.default;
}

export type LiveOptions = {
  /** Called once per message, in seq order, whether it came live or from a resync. */
  onMessage: (message: Message) => void;
  onError?: (error: unknown) => void;
  /** The last seq the app already shows; earlier messages are not delivered again. */
  afterSeq?: number;
  /** pusher-js's constructor (`pusher-js/react-native` on React Native); loaded from `pusher-js` when left out. */
  Pusher?: PusherConstructor;
};

export type LiveConversation = {
  /** Highest seq delivered so far. */
  readonly lastSeq: number;
  close(): void;
};

/**
 * Follows one conversation live over pusher-js. Realtime can miss events (a dropped
 * connection, a payload too big for a push), so every (re)subscription and every gap in seq
 * fetches what is missing with `after=<last seq>`: each message is delivered once, in order.
 */
export async function followConversation(
  client: SwitchboardClient,
  conversation: { id: string; realtimeChannel: string },
  options: LiveOptions,
): Promise<LiveConversation> {
  const config = await client.realtimeConfig();
  const PusherClass = options.Pusher ?? (await loadPusher());
  const base = new URL(client.baseUrl);
  const tls = config.wsHost === null ? base.protocol === "https:" : config.forceTLS;
  // A null host means the built-in server: the same host and port as the API.
  const port = config.wsPort ?? (base.port ? Number(base.port) : tls ? 443 : 80);
  const pusher = new PusherClass(config.key, {
    cluster: config.cluster,
    wsHost: config.wsHost ?? base.hostname,
    wsPort: port,
    wssPort: port,
    forceTLS: tls,
    enabledTransports: ["ws", "wss"],
    disableStats: true,
    channelAuthorization: {
      customHandler: ({ socketId, channelName }, callback) => {
        client.authorizeChannel(socketId, channelName).then(
          (auth) => callback(null, auth),
          (error: unknown) => callback(error instanceof Error ? error : new Error(String(error)), null),
        );
      },
    },
  });

  let lastSeq = options.afterSeq ?? 0;
  let closed = false;
  let syncing: Promise<void> | null = null;
  let again = false;

  const deliver = (message: Message) => {
    if (closed || message.seq <= lastSeq) return;
    lastSeq = message.seq;
    options.onMessage(message);
  };

  const fetchMissing = async () => {
    for (;;) {
      const page = await client.listMessages(conversation.id, { after: lastSeq, limit: 100 });
      for (const message of page.messages) deliver(message);
      if (!page.hasMore || page.messages.length === 0 || closed) return;
    }
  };

  /** One resync at a time; a request during one runs once more after it. */
  const resync = () => {
    if (syncing) {
      again = true;
      return;
    }
    syncing = fetchMissing()
      .catch((error: unknown) => options.onError?.(error))
      .finally(() => {
        syncing = null;
        if (again && !closed) {
          again = false;
          resync();
        }
      });
  };

  const channel = pusher.subscribe(conversation.realtimeChannel);
  // Resolves once the first subscription holds, so nothing sent after this promise is missed.
  const subscribed = new Promise<void>((resolve, reject) => {
    channel.bind("pusher:subscription_succeeded", () => {
      resolve();
      resync();
    });
    channel.bind("pusher:subscription_error", (error: unknown) => {
      reject(new Error(`Could not follow the conversation: ${JSON.stringify(error)}`));
      options.onError?.(error);
    });
  });
  channel.bind("message.created", (data: { resync?: boolean; message?: Partial<Message> & { seq: number } }) => {
    const message = data.message;
    if (!message) return;
    if (!data.resync && message.seq === lastSeq + 1 && !syncing && typeof message.body === "string") {
      deliver(message as Message);
    } else if (message.seq > lastSeq) {
      resync();
    }
  });

  try {
    await subscribed;
  } catch (error) {
    pusher.disconnect();
    throw error;
  }
  return {
    get lastSeq() {
      return lastSeq;
    },
    close() {
      closed = true;
      pusher.unsubscribe(conversation.realtimeChannel);
      pusher.disconnect();
    },
  };
}
