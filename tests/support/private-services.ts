import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { mariadbReachable, startPrivateMariaDb } from '../../scripts/lib/mariadb';
import { findProgram } from '../../scripts/lib/programs';
import { redisReachable, startPrivateRedis } from '../../scripts/lib/redis';
import type { PrivateService } from '../../scripts/lib/services';
import { waitForProcess } from '../../scripts/lib/wait';
import { until } from './poll';

/**
 * A MariaDB or Redis of the drill's own, on a free loopback port with its data
 * in a temporary directory: the machine's shared services (3306, 6379) are
 * never stopped, flushed or restarted. It can be stopped and started again on
 * the same port with the same data, as an operator's restart would.
 */
export interface RestartableService {
  url: string;
  port: number;
  /** Resolves once the process has exited. */
  stop(signal?: NodeJS.Signals): Promise<void>;
  /** Starts it again with the same port and data; resolves once it answers. */
  start(): Promise<void>;
  /**
   * SIGSTOP: it keeps its port and its clients' connections open but answers
   * nothing, as a server that stalls does (swapping, a frozen VM). The kernel
   * still accepts new connections into its backlog. Resolves once every
   * thread has stopped: a signal is delivered asynchronously, and a statement
   * answered in between would move the stall to a later one.
   */
  pause(): Promise<void>;
  /** SIGCONT after pause(): it answers what was sent meanwhile. */
  resume(): void;
  /** Stops it and deletes its temporary directory. */
  dispose(): Promise<void>;
}

function required(program: string): string {
  const path = findProgram(program);
  if (!path) throw new Error(`${program} is not installed; the failure drills need it (.ci/run installs it)`);
  return path;
}

/** Every thread of the process in state T (stopped), as /proc reports it. */
async function allThreadsStopped(pid: number | undefined): Promise<boolean> {
  if (pid === undefined) return false;
  const tasks = await readdir(`/proc/${pid}/task`);
  const states = await Promise.all(
    tasks.map(async (task) => {
      const stat = await readFile(`/proc/${pid}/task/${task}/stat`, 'utf8').catch(() => '');
      // The state follows the parenthesised command name, which may itself hold spaces.
      return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3);
    }),
  );
  return states.every((state) => state === 'T' || state === '');
}

async function restartable(
  service: PrivateService,
  rootDir: string,
  reachable: (url: string) => Promise<boolean>,
): Promise<RestartableService> {
  const { proc, url, port } = service;
  let paused = false;
  const send = (signal: NodeJS.Signals) => {
    if (proc.pid === undefined) throw new Error(`${proc.id} is not running`);
    process.kill(proc.pid, signal);
  };
  const resume = () => {
    if (paused) send('SIGCONT');
    paused = false;
  };
  return {
    url,
    port,
    stop: (signal = 'SIGTERM') => proc.kill(signal, 20_000),
    async start() {
      // The same ManagedProcess keeps its spec: same binary, port and datadir.
      proc.start();
      await waitForProcess(proc, () => reachable(url), {
        what: `answer on 127.0.0.1:${port} again`,
        timeoutMs: 60_000,
      });
    },
    async pause() {
      send('SIGSTOP');
      paused = true;
      await until(async () => ((await allThreadsStopped(proc.pid)) ? true : null), {
        what: `${proc.id} to stop`,
        timeoutMs: 5000,
        intervalMs: 1,
      });
    },
    resume,
    async dispose() {
      // A stopped process would act on SIGTERM only once continued.
      resume();
      await proc.kill('SIGTERM', 20_000);
      await rm(rootDir, { recursive: true, force: true });
    },
  };
}

const tempRoot = () => mkdtemp(join(tmpdir(), 'absensi-drill-'));

/** mariadbd with its own datadir (initialised by the launcher's own code) under a temporary root. */
export async function startDrillMariaDb(database = 'absensi_drill'): Promise<RestartableService> {
  const rootDir = await tempRoot();
  const service = await startPrivateMariaDb({
    rootDir,
    url: `mysql://root@127.0.0.1:3306/${database}`,
    mariadbd: required('mariadbd'),
    installDb: required('mariadb-install-db'),
  });
  return restartable(service, rootDir, (url) => mariadbReachable(url, 1000));
}

/**
 * redis-server under a temporary root. scripts/lib/redis.ts always runs it in
 * memory only; a drill may also want `--appendonly yes`, so that sessions,
 * rate-limit windows and queues survive a restart as they would on a
 * production Redis with persistence.
 */
export async function startDrillRedis({ appendOnly }: { appendOnly: boolean }): Promise<RestartableService> {
  const rootDir = await tempRoot();
  const service = await startPrivateRedis({
    rootDir,
    url: 'redis://127.0.0.1:6379',
    redisServer: required('redis-server'),
    appendOnly,
    id: 'drill-redis',
  });
  return restartable(service, rootDir, (url) => redisReachable(url, 1000));
}
