// `npm start`: everything on one machine. Checks MariaDB and Redis (starting
// private ones under .data/ when they are missing but installed), migrates,
// seeds demo data, then runs the cluster until Ctrl-C.
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { DEFAULT_DATABASE_URL, DEFAULT_REDIS_URL } from '../server/config';
import { type Cluster, startCluster } from './cluster';
import { mariadbReachable, startPrivateMariaDb } from './lib/mariadb';
import { describeExit } from './lib/process';
import { findProgram } from './lib/programs';
import { redisReachable, startPrivateRedis } from './lib/redis';
import { type PrivateService, redactUrl } from './lib/services';

const ROOT_DIR = fileURLToPath(new URL('..', import.meta.url));

const abort = new AbortController();
const services: PrivateService[] = [];
let cluster: Cluster | null = null;

async function main(): Promise<void> {
  const env = {
    DATABASE_URL: await ensureMariaDb(process.env.DATABASE_URL || DEFAULT_DATABASE_URL),
    REDIS_URL: await ensureRedis(process.env.REDIS_URL || DEFAULT_REDIS_URL),
  };
  await runOnce('workers/cli/migrate.ts', env);
  await runOnce('workers/cli/seed.ts', env);
  // The nodes serve web/dist only when it exists at their start.
  await runOnce('node_modules/vite/bin/vite.js', env, ['build', '--config', 'web/vite.config.ts']);
  cluster = await startCluster({ env, restartCrashed: true, logs: 'inherit', signal: abort.signal });
  console.log(banner(cluster));
}

async function ensureMariaDb(url: string): Promise<string> {
  if (await mariadbReachable(url)) return url;
  const mariadbd = findProgram('mariadbd');
  const installDb = findProgram('mariadb-install-db');
  if (!mariadbd || !installDb) {
    throw new Error(
      `MariaDB is not reachable at ${redactUrl(url)} and is not installed here. ` +
        'Install and start it (apt-get install mariadb-server), or set DATABASE_URL to a reachable server.',
    );
  }
  const db = await startPrivateMariaDb({ rootDir: ROOT_DIR, url, mariadbd, installDb, signal: abort.signal });
  services.push(db);
  console.log(
    `MariaDB not reachable at ${redactUrl(url)} — started a private one on 127.0.0.1:${db.port} (data in .data/mariadb)`,
  );
  return db.url;
}

async function ensureRedis(url: string): Promise<string> {
  if (await redisReachable(url)) return url;
  const redisServer = findProgram('redis-server');
  if (!redisServer) {
    throw new Error(
      `Redis is not reachable at ${redactUrl(url)} and is not installed here. ` +
        'Install and start it (apt-get install redis-server), or set REDIS_URL to a reachable server.',
    );
  }
  const redis = await startPrivateRedis({ rootDir: ROOT_DIR, url, redisServer, signal: abort.signal });
  services.push(redis);
  console.log(
    `Redis not reachable at ${redactUrl(url)} — started a private one on 127.0.0.1:${redis.port} (in memory, logs in .data/redis)`,
  );
  return redis.url;
}

/** Runs a CLI command to completion with its output on this terminal. */
async function runOnce(file: string, env: Record<string, string>, args: string[] = []): Promise<void> {
  const child = spawn(process.execPath, ['--import', 'tsx', file, ...args], {
    cwd: ROOT_DIR,
    env: { ...process.env, ...env },
    stdio: 'inherit',
  });
  const stopChild = () => child.kill('SIGTERM');
  abort.signal.addEventListener('abort', stopChild);
  const [code, signal] = (await once(child, 'close')) as [number | null, NodeJS.Signals | null];
  abort.signal.removeEventListener('abort', stopChild);
  abort.signal.throwIfAborted();
  if (code !== 0) throw new Error(`${file} ${describeExit(code, signal)}; see its output above.`);
}

function banner({ nginxUrl, nodes }: Cluster): string {
  const where = nginxUrl ?? nodes.map((node) => node.url).join(', ');
  const logins =
    process.env.NODE_ENV === 'production'
      ? ['No demo data in production: create the first admin with npm run user:create-admin']
      : ['Demo logins:', '  admin      admin@example.com / admin12345', '  employees  EMP001, EMP002, … with PIN 1234'];
  return ['', `Absensi Live is running at ${where}`, ...logins, 'Ctrl-C to stop.', ''].join('\n');
}

async function stopServices(): Promise<void> {
  await Promise.all(services.map((service) => service.proc.kill()));
}

const started = main().catch(async (err: unknown) => {
  // After Ctrl-C, failures are just the startup being interrupted; shutdown() exits.
  if (abort.signal.aborted) return;
  console.error(err instanceof Error ? err.message : String(err));
  await stopServices();
  process.exit(1);
});

async function shutdown(): Promise<void> {
  abort.abort();
  await started;
  await cluster?.stop();
  await stopServices();
  process.exit(0);
}

let stopping = false;
// SIGHUP too: the children run in their own process group, so a closed
// terminal reaches only this process, which must take them down with it.
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
  process.on(signal, () => {
    if (stopping) {
      console.error('Forced exit.');
      process.exit(1);
    }
    stopping = true;
    console.log('Stopping… (Ctrl-C again to force)');
    void shutdown();
  });
}
