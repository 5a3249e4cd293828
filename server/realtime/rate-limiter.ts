export type RateLimiter = {
  /** Counts one occurrence; false once the limit for the current window is used up. */
  tryConsume(): boolean;
};

/** Fixed-window counter: cheap per connection, and bursty edges do not matter at these limits. */
export function createRateLimiter(limit: number, windowMs: number, now: () => number = Date.now): RateLimiter {
  let windowStartedAt = now();
  let used = 0;
  return {
    tryConsume() {
      const currentTime = now();
      if (currentTime - windowStartedAt >= windowMs) {
        windowStartedAt = currentTime;
        used = 0;
      }
      used += 1;
      return used <= limit;
    },
  };
}
