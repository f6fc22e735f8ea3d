// scripts/test-multi-node.sh: checks a running deployment, or (--rolling)
// measures a rolling restart of a private local cluster. --help says more.
import { parseArgs } from 'node:util';
import { createTestEnvironment } from '../tests/support/environment';
import { startCluster } from './cluster';
import { freePort } from './lib/net';
import { checkDeployment, type DeploymentTarget } from './multi-node/deployment-check';
import {
  DEFAULT_ROLLING_OPTIONS,
  formatRollingReport,
  rollingRestartPassed,
  runRollingRestart,
} from './multi-node/rolling-restart';
import { TailBuffer } from './multi-node/tail-buffer';

const HELP = `Usage: scripts/test-multi-node.sh [options]
       scripts/test-multi-node.sh --rolling [--concurrency N] [--devices N] [--sockets N]

Against a running deployment (the local cluster of npm start, Compose or Swarm):
checks that every app node is ready, that nginx hides /metrics, and that a
kiosk check-in (or check-out) through one node reaches an admin socket
connected through another, then prints a short report. Exit code 0 when all pass.

  --url URL            nginx (default http://127.0.0.1:8080)
  --nodes URL,URL,…    each app node's own URL (default: the local cluster,
                       http://127.0.0.1:3001 … 3004). "none" for Compose or
                       Swarm, where only nginx is reachable: the nodes are then
                       counted by the node id they report through nginx.
  --expect-nodes N     with --nodes none: how many nodes must answer (default 4)
  --employees A,B,…    employee codes to check in, tried in turn (default EMP001…EMP010)
  --pin PIN            their kiosk PIN (default 1234)
  ADMIN_EMAIL, ADMIN_PASSWORD, DEVICE_TOKEN (environment): an admin login and a
  kiosk device token (defaults: the demo data of npm start). In production make
  a dedicated test employee and kiosk: the check-in is real.

--rolling: zero downtime, measured. Starts a private cluster (4 app nodes,
2 broadcast workers, the scheduler, nginx) on free ports with its own database
and Redis prefix on DATABASE_URL / REDIS_URL, restarts the app nodes one at a
time (SIGTERM, then start) while kiosks check in and send heartbeats and
admins hold live sockets, reports failed requests (the target is zero) and
whether every socket reconnected, and removes what it created.
  --concurrency N      check-ins in flight (default ${DEFAULT_ROLLING_OPTIONS.checkInConcurrency})
  --devices N          kiosks sending heartbeats (default ${DEFAULT_ROLLING_OPTIONS.devices})
  --sockets N          admin sockets (default ${DEFAULT_ROLLING_OPTIONS.adminSockets})

  --dry-run            print what would be checked, send nothing
  -h, --help           this text
`;

const { values } = parseArgs({
  options: {
    url: { type: 'string', default: 'http://127.0.0.1:8080' },
    nodes: { type: 'string', default: [3001, 3002, 3003, 3004].map((p) => `http://127.0.0.1:${p}`).join(',') },
    'expect-nodes': { type: 'string', default: '4' },
    employees: {
      type: 'string',
      default: Array.from({ length: 10 }, (_, i) => `EMP${String(i + 1).padStart(3, '0')}`).join(','),
    },
    pin: { type: 'string', default: '1234' },
    rolling: { type: 'boolean', default: false },
    concurrency: { type: 'string' },
    devices: { type: 'string' },
    sockets: { type: 'string' },
    'dry-run': { type: 'boolean', default: false },
    help: { type: 'boolean', short: 'h', default: false },
  },
});

const list = (value: string) =>
  value === 'none'
    ? []
    : value
        .split(',')
        .map((s) => s.trim().replace(/\/$/, ''))
        .filter(Boolean);
const count = (name: string, value: string | undefined, fallback: number) => {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new Error(`--${name} must be a whole number of at least 1`);
  return n;
};

async function rolling(dryRun: boolean): Promise<boolean> {
  const options = {
    ...DEFAULT_ROLLING_OPTIONS,
    checkInConcurrency: count('concurrency', values.concurrency, DEFAULT_ROLLING_OPTIONS.checkInConcurrency),
    devices: count('devices', values.devices, DEFAULT_ROLLING_OPTIONS.devices),
    adminSockets: count('sockets', values.sockets, DEFAULT_ROLLING_OPTIONS.adminSockets),
  };
  if (dryRun) {
    console.log(
      `Would start a private cluster on free ports (database absensi_test_*, on the server of DATABASE_URL), restart app-1…app-4 one at a time ` +
        `with ${options.checkInConcurrency} check-ins in flight, ${options.devices} kiosks sending heartbeats and ${options.adminSockets} admin sockets, then remove it.`,
    );
    return true;
  }
  const env = await createTestEnvironment({ LOG_LEVEL: 'warn' });
  const logs = new TailBuffer();
  try {
    const ports = await Promise.all(Array.from({ length: 8 }, () => freePort()));
    const { PORT: _unused, ...childEnv } = env.env;
    const cluster = await startCluster({
      env: childEnv,
      appPorts: ports.slice(0, 4),
      nginx: { port: ports[4]! },
      workerMetricsBasePort: ports[5],
      logs: logs.stream,
    });
    try {
      const report = await runRollingRestart(cluster, env, options, (line) => console.log(line));
      console.log(formatRollingReport(report));
      const passed = rollingRestartPassed(report);
      if (!passed) console.log(`Last cluster output:\n${logs.text()}`);
      return passed;
    } finally {
      await cluster.stop();
    }
  } finally {
    await env.cleanup();
  }
}

async function check(dryRun: boolean): Promise<boolean> {
  const target: DeploymentTarget = {
    url: values.url.replace(/\/$/, ''),
    nodes: list(values.nodes),
    expectNodes: count('expect-nodes', values['expect-nodes'], 4),
    admin: {
      email: process.env.ADMIN_EMAIL ?? 'admin@example.com',
      password: process.env.ADMIN_PASSWORD ?? 'admin12345',
    },
    deviceToken: process.env.DEVICE_TOKEN ?? 'demo-kiosk-lobi-utama-token',
    employeeCodes: list(values.employees),
    pin: values.pin,
  };
  if (dryRun) {
    const nodes =
      target.nodes.length > 0 ? target.nodes.join(', ') : `${target.expectNodes} distinct nodes through ${target.url}`;
    console.log(
      `Would check: nginx ${target.url}; nodes ready: ${nodes}; /metrics hidden; a check-in of one of ${target.employeeCodes.join(', ')} ` +
        `through ${target.nodes[0] ?? target.url} seen by ${target.admin.email} on a socket through ${target.nodes.at(-1) ?? target.url}.`,
    );
    return true;
  }
  const results = await checkDeployment(target);
  for (const r of results) console.log(`${r.ok ? 'ok  ' : 'FAIL'}  ${r.name}: ${r.detail}`);
  const failed = results.filter((r) => !r.ok).length;
  console.log(failed === 0 ? `All ${results.length} checks passed.` : `${failed} of ${results.length} checks failed.`);
  return failed === 0;
}

if (values.help) {
  console.log(HELP);
} else {
  const dryRun = values['dry-run'];
  const passed = await (values.rolling ? rolling(dryRun) : check(dryRun)).catch((error: Error) => {
    console.error(error.message);
    return false;
  });
  // Sockets and keep-alive connections would hold the process open.
  process.exit(passed ? 0 : 1);
}
