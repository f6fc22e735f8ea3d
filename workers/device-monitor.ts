import { Queue, Worker } from 'bullmq';
import type { Registry } from 'prom-client';
import type { Config } from '../server/config';
import { createMonitorRunHistogram } from '../server/devices/metrics';
import { runDeviceMonitor } from '../server/devices/monitor';
import type { PresenceDeps } from '../server/devices/transitions';
import { queueOptions, registerAgainOnReconnect, workerConnection } from './runtime';

export const DEVICE_MONITOR_QUEUE = 'device-monitor';

/**
 * The device monitor as a BullMQ job scheduler: a tick every
 * DEVICE_MONITOR_INTERVAL_SECONDS, and global concurrency 1 so one run at a
 * time across the cluster however many scheduler processes run.
 */
export async function startDeviceMonitor(config: Config, deps: PresenceDeps, registry: Registry) {
  const { logger } = deps;
  const runDuration = createMonitorRunHistogram(registry);
  const connection = workerConnection(config, logger);
  const queue = new Queue(DEVICE_MONITOR_QUEUE, queueOptions(config, connection));
  const registerSchedule = async () => {
    await queue.setGlobalConcurrency(1);
    await queue.upsertJobScheduler(
      'device-monitor',
      { every: config.deviceMonitorIntervalSeconds * 1000 },
      { name: 'device-monitor', opts: { removeOnComplete: true, removeOnFail: 100 } },
    );
  };
  await registerSchedule();
  registerAgainOnReconnect(connection, registerSchedule, logger);

  const workerRedis = workerConnection(config, logger);
  const worker = new Worker(
    DEVICE_MONITOR_QUEUE,
    async () => {
      const endTimer = runDuration.startTimer();
      const { checked, changes } = await runDeviceMonitor(deps);
      endTimer();
      if (changes.length > 0) logger.info({ checked, changed: changes.length }, 'Device monitor run');
      return { checked, changed: changes.length };
    },
    { ...queueOptions(config, workerRedis), concurrency: 1 },
  );
  worker.on('failed', (_job, err) => logger.warn({ err: err.message }, 'Device monitor run failed'));
  worker.on('error', (err) => logger.warn({ err: err.message }, 'Device monitor worker error'));
  logger.info({ every_seconds: config.deviceMonitorIntervalSeconds }, 'Device monitor scheduled');

  return {
    async close() {
      await worker.close();
      await queue.close();
      connection.disconnect();
      workerRedis.disconnect();
    },
  };
}
