import { fork } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { freePort } from '../../lib/net';
import { summarize } from '../histogram';
import { closedLoop } from '../http';

/**
 * Starts a yardstick server (a file beside the bench's index.ts) in its own process, on the Node the cluster runs on
 * so that the ratio compares like with like; resolves once it listens.
 */
export async function startYardstick(
  file: string,
  nodeBinary: string,
): Promise<{ url: string; port: number; pid: number; stop(): void }> {
  const port = await freePort();
  const server = fork(fileURLToPath(new URL(`../${file}`, import.meta.url)), {
    execPath: nodeBinary,
    env: { ...process.env, PORT: String(port) },
    execArgv: ['--import', 'tsx'],
    stdio: 'ignore',
  });
  await once(server, 'message');
  return { url: `http://127.0.0.1:${port}`, port, pid: server.pid!, stop: () => server.kill('SIGTERM') };
}

export async function runBaseline(
  options: { connections: number; seconds: number; nodeBinary: string },
  tick: (sent: number) => void,
) {
  const server = await startYardstick('baseline-server.ts', options.nodeBinary);
  try {
    const result = await closedLoop(server.url, {
      connections: options.connections,
      seconds: options.seconds,
      next: () => ({ path: '/hello', headers: { 'content-type': 'application/json' }, body: '{}' }),
      onTick: tick,
    });
    const ok = result.byStatus['200'] ?? 0;
    return {
      requests_per_second: Math.round(ok / result.seconds),
      ok,
      errors: result.errors,
      latency: summarize(result.latency),
    };
  } finally {
    server.stop();
  }
}
