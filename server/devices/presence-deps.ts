import type { Registry } from 'prom-client';
import type { AppContext } from '../context';
import { createDeviceCache } from './device-cache';
import { createHeartbeatStore } from './heartbeat-store';
import { createDeviceMetrics } from './metrics';
import type { PresenceDeps } from './transitions';

/** The presence services' dependencies, built the same way in app nodes, the scheduler and the CLI. */
export function createPresenceDeps(ctx: AppContext, registry: Registry): PresenceDeps {
  return {
    ...ctx,
    cache: createDeviceCache(ctx.redis, ctx.config.redisPrefix, ctx.logger),
    heartbeats: createHeartbeatStore(ctx.redis, ctx.config.redisPrefix),
    metrics: createDeviceMetrics(registry),
  };
}
