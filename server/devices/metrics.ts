import { Counter, Gauge, Histogram, type Registry } from 'prom-client';
import type { Db } from '../db/knex';
import { countDevicesByStatus } from './repository';
import { DEVICE_STATUSES } from './types';

/** Device metrics of one process; the per-status gauge is read from the database on scrape where a db is given. */
export function createDeviceMetrics(registry: Registry, db?: Db) {
  if (db) {
    new Gauge({
      name: 'devices_by_status',
      help: 'Registered devices per presence status',
      labelNames: ['status'],
      registers: [registry],
      async collect() {
        const counts = await countDevicesByStatus(db).catch(() => null);
        if (counts) for (const status of DEVICE_STATUSES) this.set({ status }, counts[status] ?? 0);
      },
    });
  }
  return {
    heartbeats: new Counter({
      name: 'device_heartbeats_total',
      help: 'Heartbeats by result',
      labelNames: ['result'],
      registers: [registry],
    }),
    transitions: new Counter({
      name: 'device_status_transitions_total',
      help: 'Device status transitions',
      labelNames: ['from', 'to', 'source'],
      registers: [registry],
    }),
  };
}

/** Only the process that runs the monitor on schedule reports its duration. */
export function createMonitorRunHistogram(registry: Registry): Histogram {
  return new Histogram({
    name: 'device_monitor_run_duration_seconds',
    help: 'Duration of one device-monitor run',
    buckets: [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [registry],
  });
}

export type DeviceMetrics = ReturnType<typeof createDeviceMetrics>;
