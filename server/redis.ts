import { Redis, type RedisOptions } from 'ioredis';

export type { Redis };

/**
 * Request-path clients fail fast while Redis is down (one retry) instead of
 * queueing commands for ever; BullMQ's blocking worker connections pass
 * `maxRetriesPerRequest: null` as BullMQ requires.
 *
 * One retry is not fast enough on its own: ioredis waits up to 5 s between
 * reconnect attempts and only fails queued commands every second attempt, so
 * during the Redis-restart drill each Redis command of a kiosk check-in sat
 * in the offline queue for up to 10 s, and most check-ins hung past 15 s even
 * though every Redis use on that path has a fallback. So once a request-path
 * client has been connected, it stops queueing: while it is reconnecting a
 * command fails at once ("Stream isn't writeable"), the caches and rate
 * limits fall back, and a session read answers 503 redis_unavailable. Before
 * the first connection the queue stays on, so a node's first requests do not
 * fail while it is still connecting.
 */
export function createRedis(url: string, options: RedisOptions = {}): Redis {
  const client = new Redis(url, { maxRetriesPerRequest: 1, connectTimeout: 3000, lazyConnect: false, ...options });
  const requestPath = options.maxRetriesPerRequest === undefined && options.enableOfflineQueue === undefined;
  if (requestPath) client.once('ready', () => (client.options.enableOfflineQueue = false));
  return client;
}
