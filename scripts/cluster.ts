import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { httpStatus, isListening } from './lib/net';
import { prepareNginx } from './lib/nginx';
import { type LogTarget, ManagedProcess, writeLine } from './lib/process';
import { findProgram } from './lib/programs';
import { waitForProcess } from './lib/wait';

export type { LogTarget, ManagedProcess };

const REPO_ROOT = fileURLToPath(new URL('..', import.meta.url));
const ENTRYPOINTS = {
  app: 'server/main.ts',
  broadcast: 'workers/broadcast.ts',
  scheduler: 'workers/scheduler.ts',
};
const RESTART_DELAY_MS = 1000;

export interface ClusterOptions {
  /** Merged over process.env for every child. */
  env?: Record<string, string>;
  /** One app node per port: app-1, app-2, … Default 3001–3004. */
  appPorts?: number[];
  /** Default 2. */
  broadcastWorkers?: number;
  /** Default true. */
  scheduler?: boolean;
  /** Default true, on HTTP_PORT (from `env`, then process.env) or 8080. */
  nginx?: boolean | { port: number };
  /** WORKER_METRICS_PORT of the first worker; the others count up from it. Default 9101. */
  workerMetricsBasePort?: number;
  /** One WORKER_METRICS_PORT per worker, in start order (broadcast workers, then the scheduler); wins over the base. */
  workerMetricsPorts?: number[];
  /** Restart, after 1 s, a child that exits without kill()/stop(). Default false. */
  restartCrashed?: boolean;
  /** Where the children's output goes. Default 'inherit'. */
  logs?: LogTarget;
  /** Working directory of every child; entrypoints are relative to it. Default: this repository. */
  rootDir?: string;
  /**
   * Run each process from the esbuild bundle in rootDir/dist (dist/server/main.js, …) with plain node, as the image
   * does (scripts/lib/dockerfile.ts bundleAsTheImage), instead of the TypeScript through tsx. Default false.
   */
  bundled?: boolean;
  /** Options for node itself, before the entrypoint of every Node process (--cpu-prof, which NODE_OPTIONS refuses). */
  nodeArgs?: string[];
  /** The Node binary of every process. Default: the one running this script. */
  nodeBinary?: string;
  /** How long an app node (or nginx) may take to become ready. Default 60 s. */
  readyTimeoutMs?: number;
  /** How long kill()/stop() wait after SIGTERM before SIGKILL. Default 10 s. */
  stopTimeoutMs?: number;
  /** Aborting it during startup stops whatever was started and rejects. */
  signal?: AbortSignal | undefined;
}

export interface ClusterNode {
  id: string;
  port: number;
  url: string;
}

export interface Cluster {
  nodes: ClusterNode[];
  nginxUrl: string | null;
  /** nginx when it runs, otherwise the first app node. */
  baseUrl: string;
  /** app-1…, broadcast-1…, scheduler-1 and nginx. */
  processes: Record<string, ManagedProcess>;
  /** Resolves once the child has exited (SIGKILL after stopTimeoutMs). */
  kill(id: string, signal?: NodeJS.Signals): Promise<void>;
  /** Starts a stopped child again with the same settings; for app nodes and nginx, waits until ready. */
  start(id: string): Promise<void>;
  /** Stops every child; safe to call more than once. */
  stop(): Promise<void>;
}

interface Member {
  proc: ManagedProcess;
  /** The port it listens on; checked to be free before anything starts. */
  port: number;
  ready?: { what: string; check: () => Promise<boolean> };
}

export async function startCluster(options: ClusterOptions = {}): Promise<Cluster> {
  const rootDir = resolve(options.rootDir ?? REPO_ROOT);
  const logs = options.logs ?? 'inherit';
  const appPorts = options.appPorts ?? [3001, 3002, 3003, 3004];
  const readyTimeoutMs = options.readyTimeoutMs ?? 60_000;
  const stopTimeoutMs = options.stopTimeoutMs ?? 10_000;
  const env = { ...process.env, ...options.env };
  const say = (line: string) => writeLine(logs, line);
  if (appPorts.length === 0) throw new Error('startCluster: appPorts is empty');

  const tsxProcess = (id: string, file: string, extraEnv: Record<string, string>) =>
    new ManagedProcess({
      id,
      command: options.nodeBinary ?? process.execPath,
      args: [
        ...(options.nodeArgs ?? []),
        ...(options.bundled ? [`dist/${file.replace(/\.ts$/, '.js')}`] : ['--import', 'tsx', file]),
      ],
      cwd: rootDir,
      env: { ...env, NODE_ID: id, ...extraEnv },
      logs,
    });

  const nodes: ClusterNode[] = appPorts.map((port, i) => ({
    id: `app-${i + 1}`,
    port,
    url: `http://127.0.0.1:${port}`,
  }));
  const members: Member[] = nodes.map(({ id, port, url }) => ({
    proc: tsxProcess(id, ENTRYPOINTS.app, { PORT: String(port) }),
    port,
    ready: {
      what: `answer GET ${url}/api/health`,
      check: async () => (await httpStatus(`${url}/api/health`)) === 200,
    },
  }));

  let metricsPort = options.workerMetricsBasePort ?? 9101;
  const metricsPorts = [...(options.workerMetricsPorts ?? [])];
  const addWorker = (id: string, file: string) => {
    const port = metricsPorts.shift() ?? metricsPort++;
    members.push({ proc: tsxProcess(id, file, { WORKER_METRICS_PORT: String(port) }), port });
  };
  for (let i = 1; i <= (options.broadcastWorkers ?? 2); i++) addWorker(`broadcast-${i}`, ENTRYPOINTS.broadcast);
  if (options.scheduler ?? true) addWorker('scheduler-1', ENTRYPOINTS.scheduler);

  let nginxUrl: string | null = null;
  const nginxPort = chooseNginxPort(options.nginx, env);
  const nginxBinary = nginxPort === null ? null : findProgram('nginx');
  if (nginxPort !== null && nginxBinary === null) {
    const last = nodes[nodes.length - 1]!;
    const range = nodes.length > 1 ? `${nodes[0]!.url} … ${last.port}` : last.url;
    say(`nginx not found: serving on the app nodes' own ports ${range} (install it with: apt-get install nginx)`);
  } else if (nginxPort !== null && nginxBinary !== null) {
    const { command, args } = await prepareNginx({ binary: nginxBinary, rootDir, port: nginxPort, appPorts });
    nginxUrl = `http://127.0.0.1:${nginxPort}`;
    members.push({
      proc: new ManagedProcess({ id: 'nginx', command, args, cwd: rootDir, env, logs }),
      port: nginxPort,
      ready: { what: `accept connections on 127.0.0.1:${nginxPort}`, check: () => isListening(nginxPort) },
    });
  }
  await assertPortsFree(members);

  const byId = new Map(members.map((m) => [m.proc.id, m]));
  const memberOf = (id: string): Member => {
    const m = byId.get(id);
    if (!m) throw new Error(`No process "${id}" in this cluster (known: ${[...byId.keys()].join(', ')})`);
    return m;
  };
  const waitReady = (m: Member, signal?: AbortSignal) =>
    m.ready
      ? waitForProcess(m.proc, m.ready.check, { what: m.ready.what, timeoutMs: readyTimeoutMs, signal })
      : Promise.resolve();

  const restarts = new Map<string, NodeJS.Timeout>();
  const cancelRestart = (id: string) => {
    clearTimeout(restarts.get(id));
    restarts.delete(id);
  };
  let running = false;
  let stopped: Promise<void> | null = null;

  for (const m of members) {
    const id = m.proc.id;
    // Deaths during startup are reported by the failed wait instead.
    m.proc.onUnexpectedExit = (how) => {
      if (!running) return;
      if (!options.restartCrashed) {
        say(`${id} ${how}`);
        return;
      }
      say(`${id} ${how}; restarting it in ${RESTART_DELAY_MS / 1000} s`);
      restarts.set(
        id,
        setTimeout(() => {
          restarts.delete(id);
          m.proc.start();
        }, RESTART_DELAY_MS),
      );
    };
  }

  const cluster: Cluster = {
    nodes,
    nginxUrl,
    baseUrl: nginxUrl ?? nodes[0]!.url,
    processes: Object.fromEntries(members.map((m) => [m.proc.id, m.proc])),
    async kill(id, signal = 'SIGTERM') {
      const m = memberOf(id);
      cancelRestart(id);
      await m.proc.kill(signal, stopTimeoutMs);
    },
    async start(id) {
      const m = memberOf(id);
      if (stopped) throw new Error(`Cannot start ${id}: the cluster has been stopped`);
      cancelRestart(id);
      m.proc.start();
      await waitReady(m);
    },
    stop() {
      stopped ??= (async () => {
        running = false;
        for (const id of [...restarts.keys()]) cancelRestart(id);
        await Promise.all(members.map((m) => m.proc.kill('SIGTERM', stopTimeoutMs)));
      })();
      return stopped;
    },
  };

  try {
    for (const m of members) m.proc.start();
    await Promise.all(members.map((m) => waitReady(m, options.signal)));
  } catch (err) {
    await cluster.stop();
    throw err;
  }
  running = true;
  return cluster;
}

function chooseNginxPort(option: ClusterOptions['nginx'], env: NodeJS.ProcessEnv): number | null {
  if (option === false) return null;
  const port = typeof option === 'object' ? option.port : Number(env.HTTP_PORT ?? 8080);
  if (!Number.isInteger(port) || port <= 0 || port > 65535) throw new Error(`Invalid nginx port: ${port}`);
  return port;
}

async function assertPortsFree(members: Member[]): Promise<void> {
  const taken = await Promise.all(
    members.map(async (m) => ((await isListening(m.port)) ? `${m.port} (${m.proc.id})` : null)),
  );
  const busy = taken.filter((entry) => entry !== null);
  if (busy.length > 0)
    throw new Error(`Already in use: port ${busy.join(', port ')}. Is another cluster still running?`);
}
