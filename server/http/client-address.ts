export const CLIENT_ADDRESS_HEADER = "x-switchboard-client-address";

/** The client's address as resolved by the custom server's perimeter, or "unknown". */
export function clientAddressOf(headers: Headers): string {
  return headers.get(CLIENT_ADDRESS_HEADER) ?? "unknown";
}
