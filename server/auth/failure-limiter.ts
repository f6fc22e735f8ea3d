import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes } from 'rate-limiter-flexible';
import { RateLimitedError } from '../errors';
import type { Redis } from '../redis';

/** One guess under way: the caller says how it ended. */
export interface Attempt {
  failed(): Promise<void>;
  succeeded(): Promise<void>;
}

export interface FailureLimiter {
  /** Throws 429 when the key already used up its failures. */
  begin(key: string): Promise<Attempt>;
}

/**
 * Counts failed guesses (passwords, PINs) per key across the cluster. While
 * Redis is unreachable an in-memory limiter per node stands in, so a Redis
 * outage neither blocks logins nor opens the door to unlimited guessing.
 */
export function createFailureLimiter(redis: Redis, options: { keyPrefix: string; maxFailures: number; windowMinutes: number; code: string }): FailureLimiter {
  const limits = { points: options.maxFailures, duration: options.windowMinutes * 60 };
  const limiter = new RateLimiterRedis({
    storeClient: redis,
    keyPrefix: options.keyPrefix,
    ...limits,
    insuranceLimiter: new RateLimiterMemory({ keyPrefix: options.keyPrefix, ...limits }),
  });
  const tooMany = (msBeforeNext: number) => new RateLimitedError(Math.max(1, Math.ceil(msBeforeNext / 1000)), options.code, 'Too many failed attempts, try again later');

  return {
    async begin(key) {
      const state = await limiter.get(key);
      if (state && state.consumedPoints >= options.maxFailures) throw tooMany(state.msBeforeNext);
      return {
        async failed() {
          try {
            await limiter.consume(key);
          } catch (rejection) {
            if (rejection instanceof RateLimiterRes) return; // the caller answers this failure; the next attempt is refused
            throw rejection;
          }
        },
        // A key without failures has nothing to clear, and every kiosk check-in would pay a Redis round trip for it.
        async succeeded() {
          if (state) await limiter.delete(key);
        },
      };
    },
  };
}
