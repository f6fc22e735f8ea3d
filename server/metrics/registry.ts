import { collectDefaultMetrics, Registry } from 'prom-client';

/** One registry per process, every series labelled with the node that produced it. */
export function createRegistry(nodeId: string): Registry {
  const registry = new Registry();
  registry.setDefaultLabels({ node: nodeId });
  collectDefaultMetrics({ register: registry });
  return registry;
}
