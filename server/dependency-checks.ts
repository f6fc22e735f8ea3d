import type { Db } from './db/knex';
import type { Redis } from './redis';

export interface DependencyChecks {
  database: 'ok' | 'down';
  redis: 'ok' | 'down';
}

interface Dependencies {
  db: Db;
  redis: Redis;
}

async function answers(work: Promise<unknown>, ms: number): Promise<'ok' | 'down'> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error('timeout')), ms);
  });
  try {
    await Promise.race([work, timeout]);
    return 'ok';
  } catch {
    return 'down';
  } finally {
    clearTimeout(timer);
  }
}

/** One round trip to MariaDB and one to Redis, each given up after `timeoutMs`. */
export async function checkDependencies({ db, redis }: Dependencies, timeoutMs = 2000): Promise<DependencyChecks> {
  const [database, redisAnswer] = await Promise.all([
    answers(db.raw('SELECT 1'), timeoutMs),
    answers(redis.ping(), timeoutMs),
  ]);
  return { database, redis: redisAnswer };
}

/**
 * The container health of every process (docs/DEPLOYING.md, "Health"):
 * healthy only once this process has completed a round trip to MariaDB and
 * one to Redis since it started, so a release that cannot reach them (a
 * wrong secret, a missing network) never becomes healthy and Swarm rolls it
 * back. From then on it stays healthy: a database outage is the readiness
 * check's business (/api/ready), and restarting every task because MariaDB
 * blinked would only add to the outage. Until it has passed, every probe asks
 * again; concurrent probes share one attempt.
 */
export function createStartupGate(deps: Dependencies) {
  let passed = false;
  let attempt: Promise<boolean> | undefined;
  return {
    passed(): Promise<boolean> {
      if (passed) return Promise.resolve(true);
      attempt ??= checkDependencies(deps).then((checks) => {
        passed = checks.database === 'ok' && checks.redis === 'ok';
        attempt = undefined;
        return passed;
      });
      return attempt;
    },
  };
}

export type StartupGate = ReturnType<typeof createStartupGate>;
