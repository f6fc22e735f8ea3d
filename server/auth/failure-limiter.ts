import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes } from 'rate-limiter-flexible';
import { RateLimitedError } from '../errors';
import type { Redis } from '../redis';

/** Where the guesses come from (an address, a kiosk) and which account is guessed at from there. */
interface GuessKeys {
  source: string;
  account: string;
}

interface Budget {
  limiter: RateLimiterRedis;
  key: string;
}

/**
 * Counts failed guesses across the cluster: per account at a source (so
 * guessing one account from one place stops soon, without locking its owner
 * out elsewhere) and per source (so spraying one guess over many accounts
 * stops too). While Redis is unreachable an in-memory limiter per node stands
 * in, so a Redis outage neither blocks logins nor opens the door to unlimited
 * guessing.
 */
export function createFailureLimiter(
  redis: Redis,
  options: { keyPrefix: string; maxFailuresPerAccount: number; maxFailuresPerSource: number; windowMinutes: number },
) {
  const budget = (keyPrefix: string, maxFailures: number) => {
    const limits = { keyPrefix, points: maxFailures, duration: options.windowMinutes * 60 };
    return new RateLimiterRedis({ storeClient: redis, ...limits, insuranceLimiter: new RateLimiterMemory(limits) });
  };
  const perAccount = budget(`${options.keyPrefix}:account`, options.maxFailuresPerAccount);
  const perSource = budget(`${options.keyPrefix}:source`, options.maxFailuresPerSource);
  const giveBack = (budgets: Budget[]) => Promise.allSettled(budgets.map(({ limiter, key }) => limiter.reward(key)));

  /**
   * Only judged wrong guesses count: a refused guess gives back what the
   * other budget let it take, or a run of tries at a locked account would
   * spend its address's budget too and lock out everyone behind it. What a
   * spent budget counted past its limit stays: it is spent until its window
   * ends anyway, and giving it back after the window ended would hand the
   * next window extra guesses, as many as a burst was refused.
   */
  async function takeFailure(budgets: Budget[]) {
    const taken = await Promise.allSettled(budgets.map(({ limiter, key }) => limiter.consume(key)));
    const refusals = taken.flatMap((result) => (result.status === 'rejected' ? [result.reason as unknown] : []));
    if (refusals.length === 0) return;
    await giveBack(budgets.filter((_, i) => taken[i].status === 'fulfilled'));
    const spent = refusals.filter((refusal) => refusal instanceof RateLimiterRes);
    if (spent.length < refusals.length) throw refusals.find((refusal) => !(refusal instanceof RateLimiterRes));
    const retryAfterSeconds = Math.max(1, Math.ceil(Math.max(...spent.map((res) => res.msBeforeNext)) / 1000));
    throw new RateLimitedError(retryAfterSeconds, 'too_many_attempts', 'Too many failed attempts, try again later');
  }

  return {
    /**
     * Judges one guess (a password, a PIN). A failure is taken from the
     * account's budget and the source's before the guess is judged, so
     * parallel guesses cannot outrun a budget; a spent one answers 429.
     * `find` reads the candidate meanwhile (Redis and the database side by
     * side: a kiosk waits for one round trip, not two); an unknown candidate
     * is a wrong guess. Resolves to the candidate when the guess is right,
     * null when it is wrong.
     */
    async guess<Candidate>(
      keys: GuessKeys,
      find: () => Promise<Candidate | undefined>,
      isRight: (candidate: Candidate) => boolean | Promise<boolean>,
    ): Promise<Candidate | null> {
      const account = { limiter: perAccount, key: `${keys.source}|${keys.account}` };
      const source = { limiter: perSource, key: keys.source };
      const [taken, found] = await Promise.allSettled([takeFailure([account, source]), find()]);
      if (taken.status === 'rejected') throw taken.reason;
      let confirmed: Candidate | null;
      try {
        if (found.status === 'rejected') throw found.reason;
        const candidate = found.value;
        confirmed = candidate !== undefined && (await isRight(candidate)) ? candidate : null;
      } catch (error) {
        // Nobody judged this guess (the database was down): a kiosk retrying through an outage must not lock itself out. The error is the answer, so giving back may fail quietly.
        await giveBack([account, source]);
        throw error;
      }
      if (confirmed === null) return null;
      // A right guess shows the typos before it were typos; the source gets back only its own point, or one known PIN would reset a kiosk's budget for spraying the others.
      await Promise.all([account.limiter.delete(account.key), source.limiter.reward(source.key)]);
      return confirmed;
    },
  };
}

export type FailureLimiter = ReturnType<typeof createFailureLimiter>;
