import { randomBytes } from 'node:crypto';
import { createWriteStream, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Config, DEFAULT_DATABASE_URL, DEFAULT_REDIS_URL, loadConfig } from '../../server/config';
import { createDatabaseIfMissing, createDb, type Db, dropDatabase } from '../../server/db/knex';
import { migrateLatest } from '../../server/db/migrate';
import { type Cluster, startCluster } from '../cluster';
import { bundleAsTheImage, readDockerfile, stageEnv } from '../lib/dockerfile';
import { freePort } from '../lib/net';
import { deleteKeysWithPrefix } from '../lib/redis-keys';
import { type ProcessGroups, pidsNamed, withChildren } from './machine-usage';

export interface BenchTarget {
  /** Where the HTTP load goes: nginx, or the first node without it. */
  baseUrl: string;
  /** The app nodes' own URLs (sockets for the fan-out connect to them directly). */
  nodeUrls: string[];
  /** pids of the app nodes, when this run started them: for memory per socket. */
  nodePids: number[];
  /** Every party on this machine whose CPU the rush reports (more of them when this run started the cluster). */
  processGroups: ProcessGroups;
  config: Config;
  db: Db;
  close(): Promise<void>;
}

/**
 * Starts a cluster of its own on free ports, with a database and a Redis
 * prefix of its own (absensi_bench_<pid>: two benches on one machine, e.g. from two
 * checkouts, must not drop each other's database), production settings and quiet logs.
 * With `bundled` (the default of the bench) every process runs what the image
 * runs: the esbuild bundle with plain node and the image's environment
 * (NODE_OPTIONS=--enable-source-maps), not the TypeScript through tsx.
 */
export async function startBenchCluster(
  rootDir: string,
  resultsDir: string,
  options: { bundled: boolean; nodeArgs: string[]; nodeBinary: string },
): Promise<BenchTarget> {
  const serverUrl = (process.env.DATABASE_URL ?? DEFAULT_DATABASE_URL).replace(/\/[^/]*$/, '');
  const env: Record<string, string> = {
    NODE_ENV: 'production',
    LOG_LEVEL: 'warn',
    DATABASE_URL: `${serverUrl}/absensi_bench_${process.pid}`,
    DATABASE_POOL_MAX: '20',
    REDIS_URL: process.env.REDIS_URL ?? DEFAULT_REDIS_URL,
    REDIS_PREFIX: `absensi_bench_${process.pid}`,
    SESSION_SECRET: randomBytes(32).toString('hex'),
    PIN_PEPPER: randomBytes(32).toString('hex'),
    SERVICE_TOKEN: randomBytes(32).toString('hex'),
    ALERT_SECRET_KEY: randomBytes(32).toString('hex'),
  };
  const config = loadConfig(env);
  await dropDatabase(config.databaseUrl);
  await createDatabaseIfMissing(config.databaseUrl);
  const db = createDb(config.databaseUrl, 5);
  await migrateLatest(db);
  await deleteKeysWithPrefix(config.redisUrl, config.redisPrefix);
  mkdirSync(resultsDir, { recursive: true });
  const ports = await Promise.all(Array.from({ length: 8 }, () => freePort()));
  const imageDir = options.bundled ? mkdtempSync(join(tmpdir(), 'absensi-bench-image-')) : null;
  if (imageDir) await bundleAsTheImage(rootDir, imageDir);
  const { PORT: _eachNodeHasItsOwn, ...imageEnv } = stageEnv(readDockerfile(), 'runtime');
  const cluster: Cluster = await startCluster({
    env: imageDir ? { ...imageEnv, ...env } : env,
    nodeArgs: options.nodeArgs,
    nodeBinary: options.nodeBinary,
    rootDir: imageDir ?? rootDir,
    bundled: imageDir !== null,
    appPorts: ports.slice(0, 4),
    nginx: { port: ports[4] },
    workerMetricsBasePort: ports[5],
    logs: createWriteStream(join(resultsDir, 'cluster.log')),
    restartCrashed: false,
  }).catch((error: unknown) => {
    if (imageDir) rmSync(imageDir, { recursive: true, force: true });
    throw error;
  });
  const pidsOf = (ids: string[]) =>
    ids.map((id) => cluster.processes[id]?.pid).filter((pid): pid is number => typeof pid === 'number');
  const nodePids = pidsOf(cluster.nodes.map((n) => n.id));
  const workerIds = Object.keys(cluster.processes).filter(
    (id) => id.startsWith('broadcast-') || id.startsWith('scheduler-'),
  );
  return {
    baseUrl: cluster.baseUrl,
    nodeUrls: cluster.nodes.map((n) => n.url),
    nodePids,
    processGroups: {
      'app nodes': nodePids,
      'workers and scheduler': pidsOf(workerIds),
      nginx: pidsOf(['nginx']).flatMap(withChildren),
      ...sharedServices(),
    },
    config,
    db,
    async close() {
      await cluster.stop();
      await db.destroy();
      await dropDatabase(config.databaseUrl);
      await deleteKeysWithPrefix(config.redisUrl, config.redisPrefix);
      if (imageDir) rmSync(imageDir, { recursive: true, force: true });
    },
  };
}

/**
 * Measures a deployment that is already running (e.g. `npm start`): the
 * bench seeds its BENCH rows into that deployment's database and removes them
 * afterwards. Its secrets come from the environment or .data/dev-secrets.json.
 */
export async function attachBenchTarget(rootDir: string, url: string, nodeUrls: string[]): Promise<BenchTarget> {
  const secretsFile = join(rootDir, '.data/dev-secrets.json');
  const secrets = existsSync(secretsFile) ? JSON.parse(readFileSync(secretsFile, 'utf8')) : {};
  const config = loadConfig({ ...secrets, ...process.env, LOG_LEVEL: 'warn' }, rootDir);
  const db = createDb(config.databaseUrl, 5);
  return {
    baseUrl: url,
    nodeUrls: nodeUrls.length ? nodeUrls : [url],
    nodePids: [],
    processGroups: sharedServices(),
    config,
    db,
    close: () => db.destroy(),
  };
}

/** MariaDB, Redis and the bench itself, when they run on this machine. */
function sharedServices(): ProcessGroups {
  return { mariadb: pidsNamed('mariadbd'), redis: pidsNamed('redis-server'), bench: [process.pid] };
}
