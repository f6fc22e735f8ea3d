import { Redis } from 'ioredis';
import type { AppContext } from '../../server/context';
import { type MonitorOptions, runDeviceMonitor } from '../../server/devices/monitor';
import { createPresenceDeps } from '../../server/devices/presence-deps';
import { createRegistry } from '../../server/metrics/registry';
import type { TestEnvironment } from './environment';

/** One run of the real device monitor, reading time from the node's (test) clock. */
export function runMonitor(ctx: AppContext, options: MonitorOptions = {}) {
  return runDeviceMonitor(createPresenceDeps(ctx, createRegistry({ ...ctx.config, nodeId: 'test-monitor' })), options);
}

/**
 * The heartbeat limit is kept by Redis in real time; a test that moves its
 * clock past the 10 s window forgets that device's window the same way.
 */
export async function forgetHeartbeatWindow(
  env: TestEnvironment,
  deviceId: number,
  windows: ('hb10s' | 'hb60s')[] = ['hb10s'],
) {
  const redis = new Redis(env.config.redisUrl);
  try {
    await redis.del(...windows.map((w) => `${env.config.redisPrefix}:rl:${w}:${deviceId}`));
  } finally {
    redis.disconnect();
  }
}
