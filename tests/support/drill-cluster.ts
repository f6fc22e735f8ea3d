import { PassThrough } from 'node:stream';
import type { Cluster } from '../../scripts/cluster';
import { createTestEnvironment, type TestEnvironment } from './environment';
import { createAdmin } from './fixtures';
import { startTestCluster, type TestCluster } from './test-cluster';

interface DrillClusterOptions {
  /** Over createTestEnvironment's: a private DATABASE_URL / REDIS_URL goes here. */
  env?: Record<string, string>;
  appNodes?: number;
  broadcastWorkers?: number;
  scheduler?: boolean;
}

export interface DrillCluster {
  env: TestEnvironment;
  cluster: Cluster;
  /** nginx in front of the app nodes: where users' requests go. */
  nginxUrl: string;
  /** Output lines of every child that match the pattern (pino JSON lines). */
  linesMatching(pattern: RegExp): string[];
  /**
   * What explains a failed request: nginx's error-log lines (why it answered
   * 502/504, which it maps to 503 service_unavailable), children that died,
   * and error-level log lines.
   */
  failureContext(): string;
  stop(): Promise<void>;
}

const KEPT_LINES = 5000;

/**
 * The whole product as real processes (app nodes, broadcast workers, the
 * scheduler and nginx) on free loopback ports, with a database and Redis
 * prefix of its own and an admin account (fixtures' ADMIN). Events are relayed
 * after 1 s so that drills do not wait on the 5 s production default.
 */
export async function startDrillCluster(options: DrillClusterOptions = {}): Promise<DrillCluster> {
  const env = await createTestEnvironment({
    LOG_LEVEL: 'warn',
    OUTBOX_RELAY_AFTER_SECONDS: '1',
    DEVICE_MONITOR_INTERVAL_SECONDS: '2',
    ...options.env,
  });
  await createAdmin(env.db, env.config);

  const lines: string[] = [];
  const output = new PassThrough();
  output.on('data', (chunk: Buffer) => {
    lines.push(...chunk.toString().split('\n').filter(Boolean));
    if (lines.length > KEPT_LINES) lines.splice(0, lines.length - KEPT_LINES);
  });

  let cluster: TestCluster;
  try {
    cluster = await startTestCluster(env, { logs: output, ...options });
  } catch (error) {
    await env.cleanup();
    throw error;
  }

  return {
    env,
    cluster,
    nginxUrl: cluster.nginxUrl,
    linesMatching: (pattern) => lines.filter((line) => pattern.test(line)),
    failureContext: () =>
      lines
        .filter((line) => /\[(error|crit|alert)\]|exited with code|was killed by|"level":(50|60)/.test(line))
        .slice(-20)
        .join('\n'),
    async stop() {
      await cluster.stop();
      await env.cleanup();
    },
  };
}
