import { Queue, Worker } from 'bullmq';
import { createAlertDelivery } from '../server/alerts/delivery';
import { ALERTS_QUEUE, alertJobOptions } from '../server/alerts/queue';
import { createSecretBox } from '../server/alerts/secret-box';
import type { AlertJob } from '../server/alerts/types';
import type { Clock } from '../server/clock';
import type { Config } from '../server/config';
import type { Db } from '../server/db/knex';
import type { Logger } from '../server/logger';
import { queueOptions, workerConnection } from './runtime';

/** The `alerts` queue, for the processes that plan alerts (the broadcast workers, the scheduler's digest). */
export function openAlertQueue(config: Config, logger: Logger) {
  const connection = workerConnection(config, logger);
  const queue = new Queue<AlertJob>(ALERTS_QUEUE, {
    ...queueOptions(config, connection),
    defaultJobOptions: alertJobOptions(config),
  });
  queue.on('error', (err) => logger.warn({ err: err.message }, 'Alert queue connection error'));
  return {
    queue,
    async close() {
      await queue.close();
      connection.disconnect();
    },
  };
}

/**
 * Delivers queued alerts, several at a time so that a channel that hangs
 * until its timeout holds up only its own jobs. The lock outlasts a
 * delivery's timeout; a SIGKILLed worker's jobs are taken over by another
 * once it lapses, and a message it had already sent is not sent again.
 */
export function startAlertWorker(deps: { config: Config; db: Db; clock: Clock; logger: Logger }) {
  const { config, logger } = deps;
  const delivery = createAlertDelivery({ ...deps, secrets: createSecretBox(config.alerts.secretKey!) });
  const connection = workerConnection(config, logger);
  const worker = new Worker<AlertJob>(
    ALERTS_QUEUE,
    (job) => delivery.deliverQueued(job.id!, job.data.channel_id, job.data.message, job.attemptsMade + 1),
    {
      ...queueOptions(config, connection),
      concurrency: config.alerts.concurrency,
      lockDuration: Math.max(10_000, 2 * config.alerts.timeoutMs),
      stalledInterval: 5_000,
    },
  );
  worker.on('error', (err) => logger.warn({ err: err.message }, 'Alert worker error'));
  logger.info({ concurrency: config.alerts.concurrency }, 'Alert worker started');
  return {
    async close() {
      await worker.close();
      connection.disconnect();
    },
  };
}
