import { fork } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { freePort } from '../../lib/net';
import { summarize } from '../histogram';
import { closedLoop } from '../http';

export async function runBaseline(options: { connections: number; seconds: number }, tick: (sent: number) => void) {
  const port = await freePort();
  const server = fork(fileURLToPath(new URL('../baseline-server.ts', import.meta.url)), {
    env: { ...process.env, PORT: String(port) },
    execArgv: ['--import', 'tsx'],
    stdio: 'ignore',
  });
  await once(server, 'message');
  try {
    const result = await closedLoop(`http://127.0.0.1:${port}`, {
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
    server.kill('SIGTERM');
  }
}
