export { SwitchboardClient, type ClientOptions, type FetchLike } from "./client.js";
export { SwitchboardApiError } from "./errors.js";
export { followConversation, type LiveConversation, type LiveOptions, type PusherConstructor } from "./live.js";
export { backoffDelay, DEFAULT_RETRY, newIdempotencyKey, type RetryPolicy } from "./retry.js";
export { ROUTES, type RouteName } from "./routes.js";
export type * from "./types.js";
