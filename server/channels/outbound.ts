import type { ChannelType } from "@/db/schema";
import type { OutboundUrlPolicy } from "@/server/net/public-address";
import { classifyCallbackError, sendCallback } from "./api/send-callback";
import type { ChannelAdapter } from "./contract";

/** The outbound half of a channel adapter: what the delivery job needs. */
export type OutboundChannel = Pick<ChannelAdapter, "send" | "classifySendError">;
export type OutboundChannels = Partial<Record<ChannelType, OutboundChannel>>;

export type OutboundSettings = OutboundUrlPolicy & { callbackTimeoutSeconds: number };

/** Channel type → how to send a message on it; channels without an entry do not deliver outbound. */
export function outboundChannels(settings: OutboundSettings): OutboundChannels {
  return {
    api: {
      send: (inbox, message) =>
        sendCallback(inbox, message, {
          allowLoopback: settings.allowLoopback,
          resolve: settings.resolve,
          timeoutSeconds: settings.callbackTimeoutSeconds,
        }),
      classifySendError: classifyCallbackError,
    },
  };
}
