import { Worker } from 'bullmq';
import { Histogram, type Registry } from 'prom-client';
import { createAlertPlanner } from '../server/alerts/planner';
import type { Clock } from '../server/clock';
import type { Config } from '../server/config';
import type { Db } from '../server/db/knex';
import { createPublishedMarks } from '../server/events/published-marks';
import { BROADCAST_QUEUE } from '../server/events/publisher';
import type { OutboxEvent } from '../server/events/types';
import type { Logger } from '../server/logger';
import { createAdminEmitter } from '../server/realtime/admin-channel';
import { openAlertQueue, startAlertWorker } from './alert-worker';
import { startOutboxMaintenance } from './outbox-maintenance';
import { workerConnection, workerOptions } from './runtime';

/**
 * Takes committed events off the queue and hands them to the admins through
 * the Socket.IO Redis adapter (realtime/admin-channel.ts); every app node
 * delivers them to its own admin sockets. A device status event first has
 * its alerts queued, so an event that reached the admins cannot have lost
 * them; the same process delivers the alerts.
 */
export async function startBroadcastWorker(deps: {
  config: Config;
  db: Db;
  clock: Clock;
  logger: Logger;
  registry: Registry;
}) {
  const { config, clock, logger } = deps;
  const broadcastLatency = new Histogram({
    name: 'absensi_broadcast_latency_seconds',
    help: 'Time from the commit of a change to its publish to the app nodes, which may hold it for one coalescing window',
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
    registers: [deps.registry],
  });
  const publishConnection = workerConnection(config, logger);
  const admins = createAdminEmitter(publishConnection, config);
  const jobConnection = workerConnection(config, logger);
  const publishedMarks = createPublishedMarks(deps, 200);
  const alertQueue = openAlertQueue(config, logger);
  const planner = createAlertPlanner({ ...deps, queue: alertQueue.queue });
  const alerts = startAlertWorker(deps);

  const worker = new Worker<OutboxEvent>(
    BROADCAST_QUEUE,
    async (job) => {
      const event = job.data;
      await planner.planDeviceEvent(event);
      await admins.deliver(event);
      broadcastLatency.observe(Math.max(0, clock().getTime() - Date.parse(event.occurred_at)) / 1000);
      publishedMarks.add(event.id);
    },
    // Jobs take milliseconds, so a short lock lets the other worker take over a
    // SIGKILLed worker's jobs in seconds instead of BullMQ's default 30 s.
    {
      ...workerOptions(config, jobConnection),
      concurrency: config.broadcastConcurrency,
      lockDuration: 10_000,
      stalledInterval: 5_000,
    },
  );
  worker.on('failed', (job, err) => logger.warn({ job_id: job?.id, err: err.message }, 'Broadcast job failed'));
  worker.on('error', (err) => logger.warn({ err: err.message }, 'Broadcast worker error'));
  const maintenance = await startOutboxMaintenance(deps);
  logger.info({ concurrency: config.broadcastConcurrency }, 'Broadcast worker started');

  return {
    async close() {
      await Promise.all([worker.close(), maintenance.close(), alerts.close()]);
      await alertQueue.close();
      await publishedMarks.close();
      publishConnection.disconnect();
      jobConnection.disconnect();
    },
  };
}
