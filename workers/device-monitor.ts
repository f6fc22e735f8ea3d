import type { Registry } from 'prom-client';
import type { Config } from '../server/config';
import { createMonitorRunHistogram } from '../server/devices/metrics';
import { runDeviceMonitor } from '../server/devices/monitor';
import type { PresenceDeps } from '../server/devices/transitions';
import { startScheduledJob } from './scheduled-job';

export const DEVICE_MONITOR_JOB = 'device-monitor';

/** The device monitor, every DEVICE_MONITOR_INTERVAL_SECONDS, one run at a time across the cluster. */
export function startDeviceMonitor(config: Config, deps: PresenceDeps, registry: Registry) {
  const runDuration = createMonitorRunHistogram(registry);
  return startScheduledJob(config, deps.logger, {
    name: DEVICE_MONITOR_JOB,
    everyMs: config.deviceMonitorIntervalSeconds * 1000,
    async run() {
      const endTimer = runDuration.startTimer();
      const { checked, changes } = await runDeviceMonitor(deps);
      endTimer();
      if (changes.length > 0) deps.logger.info({ checked, changed: changes.length }, 'Device monitor run');
      return { checked, changed: changes.length };
    },
  });
}
