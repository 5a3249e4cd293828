/**
 * Limits shared by the tRPC server and its browser client (this file imports nothing, so client
 * components may use it): the client batches and splits within what the server accepts.
 */

/** Most procedures one batched HTTP request may call. */
export const MAX_TRPC_BATCH_SIZE = 10;
/** Longest path + query string of a tRPC request (GET queries carry their input in the URL). */
export const MAX_TRPC_URL_LENGTH = 8 * 1024;
/** The client splits GET batches well below the server's limit (the origin counts for it too). */
export const CLIENT_MAX_URL_LENGTH = 4 * 1024;
