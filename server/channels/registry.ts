import type { ChannelType } from "@/db/schema";
import type { EndUserTokenPolicy } from "@/server/auth/end-user-token";
import type { VisitorKeyRing } from "@/server/auth/visitor-token";
import type { OutboundUrlPolicy } from "@/server/net/public-address";
import { createApiAdapter } from "./api/adapter";
import type { ChannelAdapter } from "./contract";
import { createWebWidgetAdapter } from "./web-widget/adapter";

export type ChannelRegistryOptions = {
  keys: VisitorKeyRing;
  tokenPolicy?: EndUserTokenPolicy;
  outbound: OutboundUrlPolicy;
};

export type ChannelRegistry = Partial<Record<ChannelType, ChannelAdapter>>;

/** Every channel Switchboard speaks, by type; each passes the same contract test. */
export function createChannelRegistry(options: ChannelRegistryOptions): ChannelRegistry {
  return {
    web_widget: createWebWidgetAdapter({ keys: options.keys }),
    api: createApiAdapter(options),
  };
}
