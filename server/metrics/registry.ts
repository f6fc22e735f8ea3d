import { collectDefaultMetrics, Gauge, Registry } from 'prom-client';
import type { Config } from '../config';
import { PACKAGE_VERSION } from '../package-root';

/**
 * prom-client samples event-loop delay with a timer of this resolution. At
 * its default of 10 ms every process of the cluster woke 100 times a second
 * while idle, and a wake-up here costs more than the sample is worth: the lag
 * gauges are read every 15 s or so, and a lag under 100 ms is no news
 * (docs/BENCHMARKS.md, ninth round).
 */
const EVENT_LOOP_SAMPLE_MS = 100;

/**
 * One registry per process, every series labelled with the node that
 * produced it, with the runtime's default metrics (process_*, nodejs_*) and
 * the release it runs: `absensi_build_info` is 1, its labels say which
 * version and revision, so a dashboard can show a rolling update moving
 * through the nodes.
 */
export function createRegistry(config: Pick<Config, 'nodeId' | 'buildRevision'>): Registry {
  const registry = new Registry();
  registry.setDefaultLabels({ node: config.nodeId });
  collectDefaultMetrics({ register: registry, eventLoopMonitoringPrecision: EVENT_LOOP_SAMPLE_MS });
  new Gauge({
    name: 'absensi_build_info',
    help: 'Always 1; the labels name the release this process runs',
    labelNames: ['version', 'revision'],
    registers: [registry],
  }).set({ version: PACKAGE_VERSION, revision: config.buildRevision }, 1);
  return registry;
}
