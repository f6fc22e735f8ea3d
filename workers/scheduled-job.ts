import { Queue, Worker } from 'bullmq';
import type { Config } from '../server/config';
import type { Logger } from '../server/logger';
import { queueOptions, registerAgainOnReconnect, workerConnection, workerOptions } from './runtime';

/**
 * One periodic job cluster-wide: a BullMQ job scheduler ticks every
 * `everyMs`, and global concurrency 1 keeps one run at a time however many
 * scheduler processes run. Every scheduler process registers it (idempotent)
 * and works it, so losing one never stops it.
 */
export async function startScheduledJob(
  config: Config,
  logger: Logger,
  job: { name: string; everyMs: number; run: () => Promise<unknown> },
) {
  const connection = workerConnection(config, logger);
  const queue = new Queue(job.name, queueOptions(config, connection));
  const registerSchedule = async () => {
    await queue.setGlobalConcurrency(1);
    await queue.upsertJobScheduler(
      job.name,
      { every: job.everyMs },
      { name: job.name, opts: { removeOnComplete: true, removeOnFail: 100 } },
    );
  };
  await registerSchedule();
  registerAgainOnReconnect(connection, registerSchedule, logger);

  const workerRedis = workerConnection(config, logger);
  const worker = new Worker(job.name, job.run, { ...workerOptions(config, workerRedis), concurrency: 1 });
  worker.on('failed', (_job, err) => logger.warn({ job: job.name, err: err.message }, 'Scheduled job failed'));
  worker.on('error', (err) => logger.warn({ job: job.name, err: err.message }, 'Scheduled job worker error'));
  logger.info({ job: job.name, every_seconds: job.everyMs / 1000 }, 'Job scheduled');

  return {
    async close() {
      await worker.close();
      await queue.close();
      connection.disconnect();
      workerRedis.disconnect();
    },
  };
}
