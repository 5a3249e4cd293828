import type { RealtimeBroker } from "./broker";
import type { ChannelRegistry } from "./channel-registry";
import type { RealtimeConfig } from "./config";
import type { ConnectionRegistry } from "./connection";

/** Everything one server process knows: its own sockets and channels, plus the shared broker. */
export type RealtimeNode = {
  config: RealtimeConfig;
  connections: ConnectionRegistry;
  channels: ChannelRegistry;
  broker: RealtimeBroker;
};
