import { Queue } from 'bullmq';
import type { Clock } from './clock';
import { systemClock } from './clock';
import type { Config } from './config';
import { createDb, type Db } from './db/knex';
import { BROADCAST_QUEUE, broadcastJobOptions, createEventPublisher, type EventPublisher } from './events/publisher';
import { createLogger, type Logger } from './logger';
import { boundedWaits, createRedis, type Redis } from './redis';

/** Everything a request handler or a worker needs, built once per process and passed in. */
export interface AppContext {
  config: Config;
  logger: Logger;
  clock: Clock;
  db: Db;
  redis: Redis;
  broadcastQueue: Queue;
  publisher: EventPublisher;
  close(): Promise<void>;
}

export function bullPrefix(config: Config): string {
  return `${config.redisPrefix}:bull`;
}

export function createContext(config: Config, overrides: { clock?: Clock; logger?: Logger } = {}): AppContext {
  const logger = overrides.logger ?? createLogger(config);
  const db = createDb(config.databaseUrl, config.databasePoolMax, config.databaseTimeouts);
  const bounded = boundedWaits(config.redisCommandTimeoutMs);
  // Auto-pipelining sends the Redis commands of concurrent requests in one write: at heartbeat saturation Redis
  // spent less CPU with it, and the nodes no more (docs/BENCHMARKS.md, fifth round).
  const redis = createRedis(config.redisUrl, { enableAutoPipelining: true, ...bounded });
  redis.on('error', (err) => logger.warn({ err: err.message }, 'Redis connection error'));
  // A response waits for this hand-off after its commit, so it is bounded too; what it fails to hand over, the outbox relay delivers later.
  const queueConnection = createRedis(config.redisUrl, { enableOfflineQueue: false, ...bounded });
  const broadcastQueue = new Queue(BROADCAST_QUEUE, {
    connection: queueConnection,
    prefix: bullPrefix(config),
    defaultJobOptions: broadcastJobOptions,
  });
  broadcastQueue.on('error', (err) => logger.warn({ err: err.message }, 'Broadcast queue connection error'));
  return {
    config,
    logger,
    clock: overrides.clock ?? systemClock,
    db,
    redis,
    broadcastQueue,
    publisher: createEventPublisher(broadcastQueue, logger, () => redis.status === 'ready'),
    async close() {
      await Promise.allSettled([broadcastQueue.close(), db.destroy()]);
      redis.disconnect();
      queueConnection.disconnect();
    },
  };
}
