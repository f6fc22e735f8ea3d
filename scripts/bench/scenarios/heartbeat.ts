import { summarize } from '../histogram';
import { closedLoop, type LoadResult, openLoop, type RequestSpec } from '../http';
import { totalCpuSeconds } from '../node-usage';
import { fleetToken } from '../seed';

const heartbeat = (device: number): RequestSpec => ({
  path: '/api/devices/heartbeat',
  headers: { authorization: `Bearer ${fleetToken(device)}`, 'content-type': 'application/json' },
  body: JSON.stringify({ battery_level: 50 + (device % 50), wifi_strength: -40 - (device % 40), app_version: '2.4.1' }),
});

const describe = (result: LoadResult) => ({
  accepted: result.byStatus['200'] ?? 0,
  accepted_per_second: Math.round((result.byStatus['200'] ?? 0) / result.seconds),
  rate_limited: result.byStatus['429'] ?? 0,
  other_statuses: Object.fromEntries(
    Object.entries(result.byStatus).filter(([status]) => status !== '200' && status !== '429'),
  ),
  network_errors: result.errors,
  seconds: Math.round(result.seconds * 10) / 10,
  latency: summarize(result.latency),
});

/**
 * 1. The fleet at its own pace: each of `devices` kiosks sends one heartbeat
 *    in its 30 s interval, spread evenly (what production looks like).
 * 2. Saturation: `connections` callers as fast as the cluster answers, each
 *    heartbeat from the next device of the fleet (so no device beats twice
 *    within its 10 s window unless the cluster is faster than fleet/10 per second).
 */
export async function runHeartbeats(
  baseUrl: string,
  nodePids: number[],
  options: {
    devices: number;
    fleet: number;
    intervalSeconds: number;
    saturationSeconds: number;
    warmupSeconds: number;
    connections: number;
  },
  tick: (phase: string, sent: number) => void,
) {
  // Not counted: a fresh cluster's first seconds (JIT, pools). From the fleet's far end, which saturation reaches last, long after their 10 s windows.
  await closedLoop(baseUrl, {
    connections: options.connections,
    seconds: options.warmupSeconds,
    next: (i) => heartbeat(options.fleet - 1 - i),
    onTick: (sent) => tick('warm-up', sent),
  });
  const paced = await openLoop(baseUrl, {
    total: options.devices,
    seconds: options.intervalSeconds,
    connections: options.connections,
    next: (i) => heartbeat(i),
    onTick: (sent) => tick('at interval', sent),
  });
  const cpuBefore = totalCpuSeconds(nodePids);
  const saturation = await closedLoop(baseUrl, {
    connections: options.connections,
    seconds: options.saturationSeconds,
    next: (i) => heartbeat(options.devices + (i % (options.fleet - options.devices))),
    onTick: (sent) => tick('saturation', sent),
  });
  const nodeCpu = totalCpuSeconds(nodePids) - cpuBefore;
  const accepted = saturation.byStatus['200'] ?? 0;
  return {
    warmup_seconds: options.warmupSeconds,
    at_interval: { devices: options.devices, interval_seconds: options.intervalSeconds, ...describe(paced) },
    saturation: {
      connections: options.connections,
      ...describe(saturation),
      // The throughput is the cores the nodes got divided by this cost: the figure a code change moves.
      node_cpu_ms_per_accepted: nodePids.length && accepted ? Math.round((nodeCpu * 1e6) / accepted) / 1000 : null,
      node_cores: nodePids.length ? Math.round((nodeCpu / saturation.seconds) * 100) / 100 : null,
    },
  };
}
