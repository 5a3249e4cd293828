import { env } from "@/server/env";
import { checkPublicUrl, type OutboundUrlPolicy } from "@/server/net/public-address";

/** Loopback callbacks only where the operator allowed them (local development). */
export const configuredCallbackUrlPolicy = (): OutboundUrlPolicy => ({
  allowLoopback: env().CALLBACK_URLS_ALLOW_LOOPBACK === "true",
});

/** The URL as it will be stored, or null to clear it; refuses anything that does not reach a public address. */
export async function checkCallbackUrl(raw: string | null, policy: OutboundUrlPolicy): Promise<string | null> {
  if (raw === null) return null;
  const { url } = await checkPublicUrl(raw, policy);
  return url.href;
}
