import type { Queue } from 'bullmq';
import { Gauge, type Registry } from 'prom-client';
import type { Clock } from '../clock';
import type { Db } from '../db/knex';
import { countDevicesByStatus } from '../devices/repository';
import { DEVICE_STATUSES } from '../devices/types';
import { oldestUnpublishedAt } from '../events/repository';

/** However many scrapers ask (two Prometheus servers, an operator's curl), the database is read at most this often. */
const SAMPLE_EVERY_MS = 5000;

/**
 * Runs `read` at most once per `everyMs` of the clock; the callers in
 * between, and those asking while it runs, share its answer (null when it
 * failed).
 */
function sampled<T>(clock: Clock, everyMs: number, read: () => Promise<T>): () => Promise<T | null> {
  let at = Number.NEGATIVE_INFINITY;
  let last: Promise<T | null> = Promise.resolve(null);
  return () => {
    const now = clock().getTime();
    if (now - at >= everyMs) {
      at = now;
      last = read().catch(() => null);
    }
    return last;
  };
}

/**
 * The gauges that are the same whichever process asks: how far the outbox
 * is behind and how many devices are in each status. Every app node used to
 * query the database for them at every scrape; now one process, the
 * scheduler, exports them, from one sampled read. An alert that should not
 * count a scaled-out scheduler twice takes `max` over the nodes. A failed
 * read leaves the lag NaN and the device series out, so nothing claims a
 * healthy number it did not read.
 */
export function registerClusterMetrics(registry: Registry, deps: { db: Db; clock: Clock }) {
  const read = sampled(deps.clock, SAMPLE_EVERY_MS, async () => {
    const [oldest, devices] = await Promise.all([oldestUnpublishedAt(deps.db), countDevicesByStatus(deps.db)]);
    return { oldest, devices, at: deps.clock() };
  });
  new Gauge({
    name: 'absensi_outbox_lag_seconds',
    help: 'Age of the oldest outbox event not yet emitted to admins (0 when none)',
    registers: [registry],
    async collect() {
      const sample = await read();
      if (!sample) this.set(Number.NaN);
      else this.set(sample.oldest ? Math.max(0, (sample.at.getTime() - sample.oldest.getTime()) / 1000) : 0);
    },
  });
  new Gauge({
    name: 'absensi_devices',
    help: 'Registered devices by presence status',
    labelNames: ['status'],
    registers: [registry],
    async collect() {
      const sample = await read();
      this.reset();
      if (sample) for (const status of DEVICE_STATUSES) this.set({ status }, sample.devices[status] ?? 0);
    },
  });
}

/**
 * BullMQ's own metrics of each queue (bullmq_job_count{queue,state},
 * bullmq_job_completed_total, bullmq_job_failed_total) as one exposition:
 * each queue's export repeats the HELP and TYPE lines, which a scraper
 * refuses to read twice, so each family's header is kept once with every
 * queue's samples below it. A queue Redis does not answer for is left out.
 */
export async function queueMetrics(queues: Queue[], labels: Record<string, string>): Promise<string> {
  const exports = await Promise.all(queues.map((queue) => queue.exportPrometheusMetrics(labels).catch(() => '')));
  const families = new Map<string, string[]>();
  for (const line of exports.flatMap((text) => text.split('\n'))) {
    if (!line) continue;
    const name = line.startsWith('#') ? line.split(' ')[2]! : line.split(/[{ ]/)[0]!;
    const family = families.get(name) ?? [];
    families.set(name, family);
    if (!line.startsWith('#') || !family.includes(line)) family.push(line);
  }
  return [...families.values()]
    .flat()
    .map((line) => `${line}\n`)
    .join('');
}
