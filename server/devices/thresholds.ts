import { ValidationError } from '../errors';
import type { Thresholds } from './types';

/**
 * The presence thresholds' one home: the migration's column defaults, the
 * admin service and the console's device form all read them here. Nothing in
 * this file may need Node: the web bundle imports it.
 */
export const DEFAULT_THRESHOLDS: Readonly<Thresholds> = {
  heartbeat_interval_seconds: 30,
  offline_after_seconds: 40,
  disconnect_after_seconds: 300,
};

/** The heartbeat rate limit: one accepted heartbeat per 10 s, ten a minute, only accepted ones counted in the minute. */
export const HEARTBEAT_LIMIT = { windowMs: 10_000, minuteMs: 60_000, perMinute: 10 } as const;

/**
 * A kiosk beats as often as it is told. Told to beat more often than
 * HEARTBEAT_LIMIT accepts (in either of its windows), it got 429 on every
 * other heartbeat for ever, so no shorter interval is accepted.
 */
const MIN_HEARTBEAT_INTERVAL_SECONDS =
  Math.max(HEARTBEAT_LIMIT.windowMs, HEARTBEAT_LIMIT.minuteMs / HEARTBEAT_LIMIT.perMinute) / 1000;

/** The least each threshold may be: the tiers must follow each other (see assertThresholdOrder). */
export const MIN_THRESHOLDS: Readonly<Thresholds> = {
  heartbeat_interval_seconds: MIN_HEARTBEAT_INTERVAL_SECONDS,
  offline_after_seconds: MIN_HEARTBEAT_INTERVAL_SECONDS + 1,
  disconnect_after_seconds: MIN_HEARTBEAT_INTERVAL_SECONDS + 2,
};

/** The tiers only make sense in this order: a beat, then "late", then "gone". */
export function assertThresholdOrder(t: Thresholds): void {
  const problems = [];
  if (t.offline_after_seconds <= t.heartbeat_interval_seconds)
    problems.push({ path: 'offline_after_seconds', message: 'must be longer than heartbeat_interval_seconds' });
  if (t.disconnect_after_seconds <= t.offline_after_seconds)
    problems.push({ path: 'disconnect_after_seconds', message: 'must be longer than offline_after_seconds' });
  if (problems.length > 0) throw new ValidationError(problems);
}
