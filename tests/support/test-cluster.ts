import { type Cluster, type LogTarget, startCluster } from '../../scripts/cluster';
import { freePort } from '../../scripts/lib/net';
import type { TestEnvironment } from './environment';

export interface TestCluster extends Cluster {
  /** nginx in front of the app nodes: where users' requests go. */
  nginxUrl: string;
}

/**
 * The product as real processes for one test environment (its database and
 * Redis prefix): app nodes, broadcast workers, the scheduler and nginx, on
 * free loopback ports. Tests go through nginx as users do, so a machine
 * without it fails here with the reason.
 */
export async function startTestCluster(
  env: TestEnvironment,
  options: { logs: LogTarget; appNodes?: number; broadcastWorkers?: number; scheduler?: boolean },
): Promise<TestCluster> {
  const appNodes = options.appNodes ?? 4;
  const workers = (options.broadcastWorkers ?? 2) + (options.scheduler === false ? 0 : 1);
  // Every port its own free one: consecutive ports from a base could be one the OS just gave an app node.
  const ports = await Promise.all(Array.from({ length: appNodes + 1 + workers }, () => freePort()));
  // Each child gets its own PORT from the launcher.
  const { PORT: _perProcess, ...childEnv } = env.env;
  const cluster = await startCluster({
    env: childEnv,
    appPorts: ports.slice(0, appNodes),
    nginx: { port: ports[appNodes]! },
    workerMetricsPorts: ports.slice(appNodes + 1),
    broadcastWorkers: options.broadcastWorkers ?? 2,
    scheduler: options.scheduler ?? true,
    logs: options.logs,
    restartCrashed: false,
  });
  const { nginxUrl } = cluster;
  if (!nginxUrl) {
    await cluster.stop();
    throw new Error('nginx is not installed; these tests go through it as users do (.ci/run installs it)');
  }
  return Object.assign(cluster, { nginxUrl });
}
