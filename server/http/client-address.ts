/**
 * The custom server resolves who is calling (socket peer or, behind a trusted proxy, X-Forwarded-For)
 * and always overwrites this request header with the result, so handlers can trust it.
 */
export const CLIENT_ADDRESS_HEADER = "x-switchboard-client-address";

export function clientAddressOf(headers: Headers): string {
  return headers.get(CLIENT_ADDRESS_HEADER) || "unknown";
}
