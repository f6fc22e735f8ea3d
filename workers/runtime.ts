import { createServer, type Server } from 'node:http';
import type { Registry } from 'prom-client';
import type { Config } from '../server/config';
import { bullPrefix } from '../server/context';
import type { Logger } from '../server/logger';
import { createRedis, type Redis } from '../server/redis';

/** BullMQ's blocking connections must retry for ever (BullMQ requires maxRetriesPerRequest: null). */
export function workerConnection(config: Config, logger: Logger): Redis {
  const connection = createRedis(config.redisUrl, { maxRetriesPerRequest: null });
  connection.on('error', (err) => logger.warn({ err: err.message }, 'Worker Redis connection error'));
  return connection;
}

/**
 * Job schedulers (the outbox relay and pruning, the device monitor) live in
 * Redis. A Redis restarted without persistence forgets them, and then nothing
 * ticks again: in the Redis-restart drill the outbox relay never ran after
 * the restart, so the events committed while Redis was down never reached
 * the admins. Registering them again whenever the connection comes back
 * fixes that; upserting a scheduler is idempotent, so a Redis that kept them
 * loses nothing either. Call it after the first registration.
 */
export function registerAgainOnReconnect(connection: Redis, register: () => Promise<unknown>, logger: Logger): void {
  connection.on('ready', () => {
    register().catch((err: Error) =>
      logger.warn({ err: err.message }, 'Could not register the job schedulers again after a Redis reconnect'),
    );
  });
}

export function queueOptions(config: Config, connection: Redis) {
  return { connection, prefix: bullPrefix(config) };
}

export function serveMetrics(port: number, registry: Registry, logger: Logger): Server | null {
  if (port === 0) return null;
  const server = createServer(async (req, res) => {
    if (req.url !== '/metrics') {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { 'Content-Type': registry.contentType }).end(await registry.metrics());
  });
  server.listen(port, '0.0.0.0', () => logger.info({ port }, 'Worker metrics listening'));
  return server;
}

/** SIGTERM/SIGINT: finish the jobs in hand, then close; a second signal is not needed. */
export function onShutdown(logger: Logger, close: () => Promise<void>): void {
  let closing = false;
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    process.once(signal, () => {
      if (closing) return;
      closing = true;
      logger.info({ signal }, 'Worker shutting down');
      close().then(
        () => process.exit(0),
        (error) => {
          logger.error({ err: error }, 'Worker shutdown failed');
          process.exit(1);
        },
      );
    });
  }
}
