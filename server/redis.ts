import { Redis, type RedisOptions } from 'ioredis';

export type { Redis };

/**
 * Request-path clients fail fast while Redis is down (one retry) instead of
 * queueing commands for ever; BullMQ's blocking worker connections pass
 * `maxRetriesPerRequest: null` as BullMQ requires.
 */
export function createRedis(url: string, options: RedisOptions = {}): Redis {
  return new Redis(url, { maxRetriesPerRequest: 1, connectTimeout: 3000, lazyConnect: false, ...options });
}
