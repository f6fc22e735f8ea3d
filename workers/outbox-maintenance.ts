import { Queue, Worker } from 'bullmq';
import type { Clock } from '../server/clock';
import type { Config } from '../server/config';
import type { Db } from '../server/db/knex';
import { BROADCAST_QUEUE, broadcastJobOptions, createEventPublisher } from '../server/events/publisher';
import { pruneOutbox, relayOutbox } from '../server/events/relay';
import type { Logger } from '../server/logger';
import { queueOptions, registerAgainOnReconnect, workerConnection, workerOptions } from './runtime';

export const OUTBOX_MAINTENANCE_QUEUE = 'outbox-maintenance';

/**
 * Relay and pruning tick as BullMQ job schedulers. Every worker process
 * upserts them (idempotent) and processes them, so losing any one process
 * never stops the relay; global concurrency 1 keeps one run at a time.
 */
export async function startOutboxMaintenance(deps: { config: Config; db: Db; clock: Clock; logger: Logger }) {
  const { config, logger } = deps;
  const connection = workerConnection(config, logger);
  const maintenanceQueue = new Queue(OUTBOX_MAINTENANCE_QUEUE, queueOptions(config, connection));
  const broadcastQueue = new Queue(BROADCAST_QUEUE, {
    ...queueOptions(config, connection),
    defaultJobOptions: broadcastJobOptions,
  });
  const publisher = createEventPublisher(broadcastQueue, logger);

  const registerSchedules = async () => {
    await maintenanceQueue.setGlobalConcurrency(1);
    const jobOpts = { removeOnComplete: true, removeOnFail: 100 };
    await maintenanceQueue.upsertJobScheduler('outbox-relay', { every: 2000 }, { name: 'outbox-relay', opts: jobOpts });
    await maintenanceQueue.upsertJobScheduler(
      'outbox-prune',
      { every: 3600_000 },
      { name: 'outbox-prune', opts: jobOpts },
    );
  };
  try {
    await registerSchedules();
  } catch (error) {
    logger.warn({ err: (error as Error).message }, 'Could not register outbox schedules yet; another worker will');
  }
  registerAgainOnReconnect(connection, registerSchedules, logger);

  const workerRedis = workerConnection(config, logger);
  const worker = new Worker(
    OUTBOX_MAINTENANCE_QUEUE,
    async (job) => {
      if (job.name === 'outbox-relay') return relayOutbox({ ...deps, publisher }, config.outbox.relayAfterSeconds);
      if (job.name === 'outbox-prune') return pruneOutbox(deps, config.outbox.retentionHours);
    },
    { ...workerOptions(config, workerRedis), concurrency: 1 },
  );
  worker.on('failed', (job, err) => logger.warn({ job: job?.name, err: err.message }, 'Outbox maintenance job failed'));
  worker.on('error', (err) => logger.warn({ err: err.message }, 'Outbox maintenance worker error'));

  return {
    async close() {
      await worker.close();
      await Promise.all([maintenanceQueue.close(), broadcastQueue.close()]);
      connection.disconnect();
      workerRedis.disconnect();
    },
  };
}
