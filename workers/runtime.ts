import { createServer, type Server } from 'node:http';
import { MetricsTime } from 'bullmq';
import type { Registry } from 'prom-client';
import type { Config } from '../server/config';
import { bullPrefix } from '../server/context';
import type { StartupGate } from '../server/dependency-checks';
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

/**
 * A worker also counts the jobs it completed and failed, in Redis, per
 * minute for the last hour: BullMQ's own counters, which the scheduler
 * exports as bullmq_job_completed_total and bullmq_job_failed_total.
 */
export function workerOptions(config: Config, connection: Redis) {
  return { ...queueOptions(config, connection), metrics: { maxDataPoints: MetricsTime.ONE_HOUR } };
}

/**
 * A worker's own small HTTP server on WORKER_METRICS_PORT (none when 0):
 * `/metrics` for Prometheus (the registry, then `extraMetrics`, text that
 * comes ready-made), `/healthz` for the container healthcheck, 200 once the
 * worker has reached MariaDB and Redis since its start (dependency-checks.ts).
 */
export function serveMetrics(
  config: Pick<Config, 'host' | 'workerMetricsPort'>,
  registry: Registry,
  logger: Logger,
  options: { startup: StartupGate; extraMetrics?: () => Promise<string> },
): Server | null {
  const port = config.workerMetricsPort;
  if (port === 0) return null;
  const server = createServer(async (req, res) => {
    if (req.url === '/healthz') {
      const passed = await options.startup.passed();
      res.writeHead(passed ? 200 : 503, { 'Content-Type': 'text/plain' }).end(passed ? 'ok\n' : 'starting\n');
      return;
    }
    if (req.url !== '/metrics') {
      res.writeHead(404).end();
      return;
    }
    const [own, extra] = await Promise.all([registry.metrics(), options.extraMetrics?.() ?? '']);
    res.writeHead(200, { 'Content-Type': registry.contentType }).end(own + extra);
  });
  server.listen(port, config.host, () => logger.info({ host: config.host, port }, 'Worker metrics listening'));
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
