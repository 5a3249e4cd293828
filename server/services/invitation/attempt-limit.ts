import { isDomainError } from "@/server/errors";
import type { RateLimits } from "@/server/limits/rate-limits";

/**
 * Anyone may present an invitation link; an address that keeps presenting invalid ones is
 * refused for a while before any lookup, so links cannot be probed at speed.
 */
export async function limitInvitationAttempts<T>(
  limits: RateLimits,
  clientAddress: string,
  attempt: () => Promise<T>,
): Promise<T> {
  await limits.assertOpen("invitationFailuresPerAddress", clientAddress);
  try {
    return await attempt();
  } catch (error) {
    if (isDomainError(error) && error.kind === "NOT_FOUND") {
      await limits.consume("invitationFailuresPerAddress", clientAddress);
    }
    throw error;
  }
}
