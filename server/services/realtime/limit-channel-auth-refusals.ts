import { ForbiddenError, UnauthorizedError } from "@/server/errors";
import type { RateLimits } from "@/server/limits/rate-limits";

/**
 * Channel auth is an oracle for tokens and conversation ids, so refusals count per client
 * address; over the limit the address is turned away before any lookup is made.
 */
export async function limitChannelAuthRefusals<T>(
  limits: RateLimits,
  clientAddress: string,
  authorize: () => Promise<T>,
): Promise<T> {
  await limits.assertOpen("channelAuthFailuresPerAddress", clientAddress);
  try {
    return await authorize();
  } catch (error) {
    if (error instanceof UnauthorizedError || error instanceof ForbiddenError) {
      await limits.consume("channelAuthFailuresPerAddress", clientAddress).catch(() => {});
    }
    throw error;
  }
}
