import { createAlertPlanner } from '../server/alerts/planner';
import { flagForgottenCheckOuts } from '../server/attendance/forgotten-check-outs';
import { loadConfigOrExit } from '../server/config';
import { createContext } from '../server/context';
import { createPresenceDeps } from '../server/devices/presence-deps';
import { createRegistry } from '../server/metrics/registry';
import { openAlertQueue } from './alert-worker';
import { startDeviceMonitor } from './device-monitor';
import { startOutboxMaintenance } from './outbox-maintenance';
import { onShutdown, serveMetrics } from './runtime';
import { startScheduledJob } from './scheduled-job';

/**
 * Scheduler worker: registers and runs the cluster-wide periodic jobs (the
 * device monitor, the outbox relay and pruning, the forgotten check-outs, the morning digest). Job schedulers with global
 * concurrency 1 keep each to one run at a time even when this is scaled.
 */
const config = loadConfigOrExit();
const ctx = createContext(config);
const registry = createRegistry(config.nodeId);

const monitor = await startDeviceMonitor(
  config,
  createPresenceDeps(ctx, registry, { gaugeDevicesByStatus: false }),
  registry,
);
const maintenance = await startOutboxMaintenance(ctx);
const forgottenCheckOuts = await startScheduledJob(config, ctx.logger, {
  name: 'forgotten-check-outs',
  everyMs: config.forgottenCheckOutIntervalSeconds * 1000,
  run: () => flagForgottenCheckOuts(ctx),
});
const alertQueue = openAlertQueue(config, ctx.logger);
const planner = createAlertPlanner({ ...ctx, queue: alertQueue.queue });
const morningDigest = await startScheduledJob(config, ctx.logger, {
  name: 'morning-digest',
  everyMs: config.alerts.digestCheckIntervalSeconds * 1000,
  run: () => planner.planMorningDigest(),
});
const metricsServer = serveMetrics(config.workerMetricsPort, registry, ctx.logger);
ctx.logger.info('Scheduler worker started');

onShutdown(ctx.logger, async () => {
  await Promise.all([monitor.close(), maintenance.close(), forgottenCheckOuts.close(), morningDigest.close()]);
  await alertQueue.close();
  metricsServer?.close();
  await ctx.close();
});
