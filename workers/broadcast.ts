import { Emitter } from '@socket.io/redis-emitter';
import { Worker } from 'bullmq';
import { Histogram } from 'prom-client';
import { systemClock } from '../server/clock';
import { loadConfigOrExit } from '../server/config';
import { createDb } from '../server/db/knex';
import { BROADCAST_QUEUE } from '../server/events/publisher';
import { markPublished } from '../server/events/repository';
import type { OutboxEvent } from '../server/events/types';
import { createLogger } from '../server/logger';
import { createRegistry } from '../server/metrics/registry';
import { ADMIN_NAMESPACE, socketIoChannelKey } from '../server/realtime/socket-server';
import { startOutboxMaintenance } from './outbox-maintenance';
import { onShutdown, queueOptions, serveMetrics, workerConnection } from './runtime';

/**
 * Broadcast worker: takes committed events off the queue and emits them
 * through the Socket.IO Redis adapter's channel, so every app node forwards
 * them to its own admins.
 */
const config = loadConfigOrExit();
const logger = createLogger(config);
const clock = systemClock;
const db = createDb(config.databaseUrl, config.databasePoolMax);
const registry = createRegistry(config.nodeId);
const broadcastLatency = new Histogram({
  name: 'broadcast_latency_seconds',
  help: 'Time from the commit of a change to its emit to admin sockets',
  buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
  registers: [registry],
});

const emitterConnection = workerConnection(config, logger);
const admins = new Emitter(emitterConnection, { key: socketIoChannelKey(config) }).of(ADMIN_NAMESPACE);

const worker = new Worker<OutboxEvent>(
  BROADCAST_QUEUE,
  async (job) => {
    const event = job.data;
    admins.emit(event.type, event);
    broadcastLatency.observe(Math.max(0, clock().getTime() - Date.parse(event.occurred_at)) / 1000);
    // Best effort: an unmarked row is only re-emitted later by the relay, and admins dedupe by id.
    await markPublished(db, [event.id], clock()).catch((err) => logger.warn({ err: err.message, event_id: event.id }, 'Could not mark event published'));
  },
  { ...queueOptions(config, workerConnection(config, logger)), concurrency: config.broadcastConcurrency },
);
worker.on('failed', (job, err) => logger.warn({ job_id: job?.id, err: err.message }, 'Broadcast job failed'));
worker.on('error', (err) => logger.warn({ err: err.message }, 'Broadcast worker error'));

const maintenance = await startOutboxMaintenance({ config, db, clock, logger });
const metricsServer = serveMetrics(config.workerMetricsPort, registry, logger);
logger.info({ concurrency: config.broadcastConcurrency }, 'Broadcast worker started');

onShutdown(logger, async () => {
  await Promise.all([worker.close(), maintenance.close()]);
  metricsServer?.close();
  await db.destroy();
  emitterConnection.disconnect();
});
