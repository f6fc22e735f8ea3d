import { RateLimiterMemory, RateLimiterRes } from 'rate-limiter-flexible';
import { RateLimitedError } from '../errors';
import { HEARTBEAT_LIMIT } from './thresholds';

export const heartbeatRateLimited = (retryAfterMs: number) =>
  new RateLimitedError(
    Math.max(1, Math.ceil(retryAfterMs / 1000)),
    'heartbeat_rate_limited',
    'Too many heartbeats: send one per interval',
  );

/**
 * The heartbeat limit (HEARTBEAT_LIMIT in thresholds.ts: one per 10 s, ten a
 * minute, only accepted ones counted in the minute) kept by this node alone,
 * for while Redis, which keeps it cluster-wide (see heartbeat-store.ts), is
 * unavailable.
 */
export function createLocalHeartbeatLimiter() {
  const perTenSeconds = new RateLimiterMemory({
    keyPrefix: 'hb10s',
    points: 1,
    duration: HEARTBEAT_LIMIT.windowMs / 1000,
  });
  const perMinute = new RateLimiterMemory({
    keyPrefix: 'hb60s',
    points: HEARTBEAT_LIMIT.perMinute,
    duration: HEARTBEAT_LIMIT.minuteMs / 1000,
  });

  /** Null when the heartbeat is within the limit, otherwise how long the device must wait (ms). */
  return async function limitLocally(deviceId: number): Promise<number | null> {
    try {
      await perTenSeconds.consume(String(deviceId));
      await perMinute.consume(String(deviceId));
      return null;
    } catch (rejection) {
      if (!(rejection instanceof RateLimiterRes)) throw rejection;
      return rejection.msBeforeNext;
    }
  };
}
