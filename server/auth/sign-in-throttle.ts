import { getRuntime } from "@/server/runtime";

const accountKey = (email: string) => email.trim().toLowerCase();

/**
 * Counts a sign-in attempt against the account and the client address before the
 * password is checked, so parallel guesses cannot slip past the limit; throws
 * RateLimitedError when either is used up. Unknown accounts are counted the same way.
 */
export async function countSignInAttempt(email: string, clientAddress: string): Promise<void> {
  const { limits } = await getRuntime();
  await limits.consume("signInFailuresPerAddress", clientAddress);
  await limits.consume("signInFailuresPerAccount", accountKey(email));
}

/** A right password clears the account's count and gives the address its attempt back. */
export async function signInSucceeded(email: string, clientAddress: string): Promise<void> {
  const { limits } = await getRuntime();
  await limits.reset("signInFailuresPerAccount", accountKey(email));
  await limits.refund("signInFailuresPerAddress", clientAddress);
}
