import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes } from 'rate-limiter-flexible';
import { RateLimitedError } from '../errors';
import type { Redis } from '../redis';

/** Where the guesses come from (an address, a kiosk) and which account is guessed at from there. */
export interface GuessKeys {
  source: string;
  account: string;
}

/**
 * Counts failed guesses per account at a source across the cluster, so
 * guessing one account from one place stops soon without locking its owner
 * out elsewhere. While Redis is unreachable an in-memory limiter per node
 * stands in, so a Redis outage neither blocks logins nor opens the door to
 * unlimited guessing.
 */
export function createFailureLimiter(redis: Redis, options: { keyPrefix: string; maxFailures: number; windowMinutes: number }) {
  const limits = { keyPrefix: options.keyPrefix, points: options.maxFailures, duration: options.windowMinutes * 60 };
  const perAccount = new RateLimiterRedis({ storeClient: redis, ...limits, insuranceLimiter: new RateLimiterMemory(limits) });

  // What a spent budget counts past its limit stays: it is spent until its window ends anyway, and giving it back after the window ended would hand the next window extra guesses, as many as a burst was refused.
  async function takeFailure(key: string) {
    try {
      await perAccount.consume(key);
    } catch (refusal) {
      if (!(refusal instanceof RateLimiterRes)) throw refusal;
      throw new RateLimitedError(Math.max(1, Math.ceil(refusal.msBeforeNext / 1000)), 'too_many_attempts', 'Too many failed attempts, try again later');
    }
  }

  return {
    /**
     * Judges one guess (a password, a PIN). A failure is taken from the
     * budget before the guess is judged, so parallel guesses cannot outrun
     * it; a spent one answers 429. `find` reads the candidate meanwhile
     * (Redis and the database side by side: a kiosk waits for one round trip,
     * not two); an unknown candidate is a wrong guess. Resolves to the
     * candidate when the guess is right, null when it is wrong.
     */
    async guess<Candidate>(keys: GuessKeys, find: () => Promise<Candidate | undefined>, isRight: (candidate: Candidate) => boolean | Promise<boolean>): Promise<Candidate | null> {
      const key = `${keys.source}|${keys.account}`;
      const [taken, found] = await Promise.allSettled([takeFailure(key), find()]);
      if (taken.status === 'rejected') throw taken.reason;
      let confirmed: Candidate | null;
      try {
        if (found.status === 'rejected') throw found.reason;
        const candidate = found.value;
        confirmed = candidate !== undefined && (await isRight(candidate)) ? candidate : null;
      } catch (error) {
        // Nobody judged this guess (the database was down): a kiosk retrying through an outage must not lock itself out. The error is the answer, so giving back may fail quietly.
        await perAccount.reward(key).catch(() => undefined);
        throw error;
      }
      if (confirmed === null) return null;
      // A right guess shows the typos before it were typos.
      await perAccount.delete(key);
      return confirmed;
    },
  };
}

export type FailureLimiter = ReturnType<typeof createFailureLimiter>;
