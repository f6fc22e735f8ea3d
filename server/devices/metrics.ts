import { Counter, Histogram, type Registry } from 'prom-client';

/** Device metrics of one process. How many devices are in each status is cluster-wide: the scheduler's (cluster-metrics.ts). */
export function createDeviceMetrics(registry: Registry) {
  return {
    heartbeats: new Counter({
      name: 'absensi_device_heartbeats_total',
      help: 'Heartbeats by result',
      labelNames: ['result'],
      registers: [registry],
    }),
    transitions: new Counter({
      name: 'absensi_device_status_transitions_total',
      help: 'Device status transitions',
      labelNames: ['from', 'to', 'source'],
      registers: [registry],
    }),
  };
}

/** Only the process that runs the monitor on schedule reports its duration. */
export function createMonitorRunHistogram(registry: Registry): Histogram {
  return new Histogram({
    name: 'absensi_device_monitor_run_duration_seconds',
    help: 'Duration of one device-monitor run',
    buckets: [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [registry],
  });
}

export type DeviceMetrics = ReturnType<typeof createDeviceMetrics>;
