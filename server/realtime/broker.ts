/**
 * Fans published events out to every node. Each node delivers a message to its own sockets, so
 * the broker carries messages only; who is subscribed where stays node-local (see channel-registry).
 */
export type BrokerMessage = {
  channel: string;
  event: string;
  /** A string for events from the HTTP API; whatever JSON the client sent for client events. */
  data: unknown;
  /** The sender, which must not receive its own event (HTTP `socket_id`, or the client-event author). */
  excludeSocketId?: string;
  /** Presence client events carry the author's user id to receivers (protocol 7). */
  userId?: string;
};

export type BrokerMessageHandler = (message: BrokerMessage) => void;

export interface RealtimeBroker {
  publish(message: BrokerMessage): Promise<void>;
  /** Returns a function that stops delivering to this handler. */
  onMessage(handler: BrokerMessageHandler): () => void;
  close(): Promise<void>;
}

/** Single-node broker: a publish reaches this process's handlers synchronously. */
export function createLocalBroker(options: { onHandlerError?: (error: unknown) => void } = {}): RealtimeBroker {
  const handlers = new Set<BrokerMessageHandler>();
  let closed = false;

  return {
    async publish(message) {
      if (closed) throw new Error("Cannot publish on a closed realtime broker");
      for (const handler of handlers) {
        try {
          handler(message);
        } catch (error) {
          // One failing node-local handler must not stop delivery to the others.
          options.onHandlerError?.(error);
        }
      }
    },
    onMessage(handler) {
      handlers.add(handler);
      return () => handlers.delete(handler);
    },
    async close() {
      closed = true;
      handlers.clear();
    },
  };
}
