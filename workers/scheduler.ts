import { Queue } from 'bullmq';
import { createAlertPlanner } from '../server/alerts/planner';
import { ALERTS_QUEUE } from '../server/alerts/queue';
import { flagForgottenCheckOuts } from '../server/attendance/forgotten-check-outs';
import { loadConfigOrExit } from '../server/config';
import { createContext } from '../server/context';
import { createStartupGate } from '../server/dependency-checks';
import { createPresenceDeps } from '../server/devices/presence-deps';
import { BROADCAST_QUEUE } from '../server/events/publisher';
import { queueMetrics, registerClusterMetrics } from '../server/metrics/cluster-metrics';
import { createRegistry } from '../server/metrics/registry';
import { boundedWaits, createRedis } from '../server/redis';
import { openAlertQueue } from './alert-worker';
import { DEVICE_MONITOR_JOB, startDeviceMonitor } from './device-monitor';
import { OUTBOX_MAINTENANCE_QUEUE, startOutboxMaintenance } from './outbox-maintenance';
import { onShutdown, queueOptions, serveMetrics } from './runtime';
import { startScheduledJob } from './scheduled-job';

/**
 * Scheduler worker: registers and runs the cluster-wide periodic jobs (the
 * device monitor, the outbox relay and pruning, the forgotten check-outs, the morning digest). Job schedulers with global
 * concurrency 1 keep each to one run at a time even when this is scaled.
 * It also exports the cluster-wide metrics: the outbox lag, the devices by
 * status and BullMQ's metrics of every queue (server/metrics/cluster-metrics.ts).
 */
// A worker reads none of the app's secrets (no sessions, PINs or service calls).
const config = loadConfigOrExit([]);
const ctx = createContext(config);
const registry = createRegistry(config);
registerClusterMetrics(registry, ctx);

const monitor = await startDeviceMonitor(config, createPresenceDeps(ctx, registry), registry);
const maintenance = await startOutboxMaintenance(ctx);
const FORGOTTEN_CHECK_OUTS_JOB = 'forgotten-check-outs';
const forgottenCheckOuts = await startScheduledJob(config, ctx.logger, {
  name: FORGOTTEN_CHECK_OUTS_JOB,
  everyMs: config.forgottenCheckOutIntervalSeconds * 1000,
  run: () => flagForgottenCheckOuts(ctx),
});

const MORNING_DIGEST_JOB = 'morning-digest';
const alertQueue = openAlertQueue(config, ctx.logger);
const planner = createAlertPlanner({ ...ctx, queue: alertQueue.queue });
const morningDigest = await startScheduledJob(config, ctx.logger, {
  name: MORNING_DIGEST_JOB,
  everyMs: config.alerts.digestCheckIntervalSeconds * 1000,
  run: () => planner.planMorningDigest(),
});

// A scrape must not wait for a Redis that is down: these commands fail at once instead (server/redis.ts).
const metricsRedis = createRedis(config.redisUrl, {
  enableOfflineQueue: false,
  ...boundedWaits(config.redisCommandTimeoutMs),
});
// The scheduler's other connections already warn when Redis is gone.
metricsRedis.on('error', (err) => ctx.logger.debug({ err: err.message }, 'Metrics Redis connection error'));
const queues = [
  BROADCAST_QUEUE,
  ALERTS_QUEUE,
  OUTBOX_MAINTENANCE_QUEUE,
  DEVICE_MONITOR_JOB,
  FORGOTTEN_CHECK_OUTS_JOB,
  MORNING_DIGEST_JOB,
].map((name) => new Queue(name, queueOptions(config, metricsRedis)));
const metricsServer = serveMetrics(config, registry, ctx.logger, {
  startup: createStartupGate(ctx),
  extraMetrics: () => queueMetrics(queues, { node: config.nodeId }),
});
ctx.logger.info('Scheduler worker started');

onShutdown(ctx.logger, async () => {
  await Promise.all([monitor.close(), maintenance.close(), forgottenCheckOuts.close(), morningDigest.close()]);
  await Promise.all([alertQueue.close(), ...queues.map((queue) => queue.close())]);
  metricsRedis.disconnect();
  metricsServer?.close();
  await ctx.close();
});
