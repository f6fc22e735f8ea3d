import { collectDefaultMetrics, Registry } from 'prom-client';

/**
 * prom-client samples event-loop delay with a timer of this resolution. At
 * its default of 10 ms every process of the cluster woke 100 times a second
 * while idle, and a wake-up here costs more than the sample is worth: the lag
 * gauges are read every 15 s or so, and a lag under 100 ms is no news
 * (docs/BENCHMARKS.md, ninth round).
 */
const EVENT_LOOP_SAMPLE_MS = 100;

/** One registry per process, every series labelled with the node that produced it. */
export function createRegistry(nodeId: string): Registry {
  const registry = new Registry();
  registry.setDefaultLabels({ node: nodeId });
  collectDefaultMetrics({ register: registry, eventLoopMonitoringPrecision: EVENT_LOOP_SAMPLE_MS });
  return registry;
}
