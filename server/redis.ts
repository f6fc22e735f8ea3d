import { Redis, type RedisOptions } from 'ioredis';

export type { Redis };

/**
 * Request-path clients fail fast while Redis is down (one retry, none with
 * boundedWaits) instead of queueing commands for ever; BullMQ's blocking
 * worker connections pass `maxRetriesPerRequest: null` as BullMQ requires.
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
  const requestPath = options.maxRetriesPerRequest !== null && options.enableOfflineQueue === undefined;
  if (requestPath) client.once('ready', () => (client.options.enableOfflineQueue = false));
  return client;
}

/**
 * For a client whose callers are answering a request: no command waits much
 * longer than `timeoutMs`. A reconnect only notices a Redis that died; one
 * that stalls (paused, swapping, a slow script) keeps the connection open,
 * and without a bound a kiosk waited for it as long as the stall lasted.
 * - `socketTimeout`: a connection that leaves its commands unanswered this
 *   long counts as dead and is reconnected, and `maxRetriesPerRequest: 0`
 *   fails the commands that were waiting on it at once. Until Redis answers
 *   again the client is reconnecting, so the next commands fail at once too.
 * - `commandTimeout` ("Command timed out"), as long, for a command whose
 *   connection still gets other answers.
 * - With auto-pipelining the next batch is sent only once the batch before
 *   has settled. A batch that timed out on its own, just before the
 *   connection was declared dead, let the next batch onto the dying
 *   connection, where it waited a second timeout; failing everything in
 *   flight when the connection goes keeps that wait to one.
 * - Commands are not sent again after a reconnect: their callers have gone
 *   on without them.
 *
 * Not for BullMQ workers' blocking connections, whose commands wait on
 * purpose.
 */
export function boundedWaits(timeoutMs: number): RedisOptions {
  return {
    socketTimeout: timeoutMs,
    commandTimeout: timeoutMs,
    maxRetriesPerRequest: 0,
    autoResendUnfulfilledCommands: false,
  };
}
