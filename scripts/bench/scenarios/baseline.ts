import { fork } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { freePort } from '../../lib/net';
import { summarize } from '../histogram';
import { closedLoop } from '../http';

/** Starts a yardstick server (a file beside the bench's index.ts) in its own process; resolves once it listens. */
export async function startYardstick(file: string): Promise<{ url: string; port: number; pid: number; stop(): void }> {
  const port = await freePort();
  const server = fork(fileURLToPath(new URL(`../${file}`, import.meta.url)), {
    env: { ...process.env, PORT: String(port) },
    execArgv: ['--import', 'tsx'],
    stdio: 'ignore',
  });
  await once(server, 'message');
  return { url: `http://127.0.0.1:${port}`, port, pid: server.pid!, stop: () => server.kill('SIGTERM') };
}

export async function runBaseline(options: { connections: number; seconds: number }, tick: (sent: number) => void) {
  const server = await startYardstick('baseline-server.ts');
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
