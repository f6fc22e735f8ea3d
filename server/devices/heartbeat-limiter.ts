import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes } from 'rate-limiter-flexible';
import { RateLimitedError } from '../errors';
import type { Redis } from '../redis';

/**
 * DESIGN.md: per device, cluster-wide, an accepted heartbeat at most every
 * 10 s and at most 10 a minute. The minute window only counts heartbeats the
 * 10 s window accepted. While Redis is down each node limits on its own.
 */
export function createHeartbeatLimiter(redis: Redis, prefix: string) {
  const window = (keyPrefix: string, points: number, duration: number) =>
    new RateLimiterRedis({ storeClient: redis, keyPrefix, points, duration, insuranceLimiter: new RateLimiterMemory({ keyPrefix, points, duration }) });
  const perTenSeconds = window(`${prefix}:rl:hb10s`, 1, 10);
  const perMinute = window(`${prefix}:rl:hb60s`, 10, 60);

  return async function acceptHeartbeat(deviceId: number): Promise<void> {
    try {
      await perTenSeconds.consume(String(deviceId));
      await perMinute.consume(String(deviceId));
    } catch (rejection) {
      if (!(rejection instanceof RateLimiterRes)) throw rejection;
      throw new RateLimitedError(Math.max(1, Math.ceil(rejection.msBeforeNext / 1000)), 'heartbeat_rate_limited', 'Too many heartbeats: send one per interval');
    }
  };
}
