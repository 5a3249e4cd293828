export { createPusherServer, type PusherServer } from "./pusher-server";
export type { PusherServerOptions, RealtimeApp, RealtimeLogger } from "./config";
export { createLocalBroker, type BrokerMessage, type BrokerMessageHandler, type RealtimeBroker } from "./broker";
export {
  formatChannelAuth,
  signChannelAuth,
  verifyChannelAuth,
  verifyHttpApiRequest,
  type SignatureCheck,
} from "./signature";
export {
  ChannelKind,
  channelKindOf,
  PUSHER_PROTOCOL_VERSION,
  PusherErrorCode,
  PusherEvent,
  SUPPORTED_PROTOCOL_VERSIONS,
} from "./protocol";
