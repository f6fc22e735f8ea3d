import type { Clock } from '../clock';
import type { Db, Trx } from '../db/knex';
import type { EventPublisher } from '../events/publisher';
import { commitChange } from '../events/transaction';
import type { PendingEvent } from '../events/types';
import type { Logger } from '../logger';
import type { DeviceCache } from './device-cache';
import type { DeviceMetrics } from './metrics';
import { toDeviceJson } from './presenter';
import { findDevice, insertStatusEvent, updateDevice } from './repository';
import type { DeviceRow, DeviceStatus, StatusSource } from './types';

export interface Transition {
  device: DeviceRow;
  from_status: DeviceStatus;
  to_status: DeviceStatus;
  reason: string;
  source: StatusSource;
  at: Date;
}

export interface PresenceDeps {
  db: Db;
  clock: Clock;
  publisher: EventPublisher;
  logger: Logger;
  cache: DeviceCache;
  metrics: DeviceMetrics;
}

/** What a locked unit of work hands back: its result, the transitions it made and any other events. */
export interface PresenceOutcome<T> {
  result: T;
  transitions: Transition[];
}

/**
 * Moves a device whose row the caller has locked (SELECT … FOR UPDATE) to a
 * new status: the update (with any other fields of the same write), the
 * audit row and, through the caller's transaction, the outbox event.
 */
export async function transitionLocked(
  trx: Trx,
  device: DeviceRow,
  change: { to: DeviceStatus; reason: string; source: StatusSource; at: Date; alsoSet?: Record<string, unknown> },
): Promise<Transition> {
  await updateDevice(trx, device.id, {
    ...change.alsoSet,
    status: change.to,
    previous_status: device.status,
    last_status_change_at: change.at,
    status_change_reason: change.reason,
    status_change_source: change.source,
    updated_at: change.at,
  });
  await insertStatusEvent(trx, { device_id: device.id, from_status: device.status, to_status: change.to, reason: change.reason, source: change.source, occurred_at: change.at });
  const updated = (await findDevice(trx, device.id))!;
  return { device: updated, from_status: device.status, to_status: change.to, reason: change.reason, source: change.source, at: change.at };
}

const toEvent = (t: Transition): PendingEvent => ({
  type: 'device.status_changed',
  data: { ...toDeviceJson(t.device, t.at), from_status: t.from_status, to_status: t.to_status, reason: t.reason, source: t.source },
});

/**
 * Runs a presence change in one transaction with its outbox events, then
 * tells the world once it has committed: one structured log line per
 * transition, metrics, and the device's cached status.
 */
export async function commitPresenceChange<T>(deps: PresenceDeps, work: (trx: Trx) => Promise<PresenceOutcome<T>>): Promise<PresenceOutcome<T>> {
  const outcome = await commitChange(deps, async (trx) => {
    const done = await work(trx);
    return { result: done, events: done.transitions.map(toEvent) };
  });
  for (const t of outcome.transitions) {
    deps.logger.info(
      { device_id: t.device.id, device_name: t.device.name, from_status: t.from_status, to_status: t.to_status, reason: t.reason, source: t.source, timestamp: t.at.toISOString() },
      'Device status transition',
    );
    deps.metrics.transitions.inc({ from: t.from_status, to: t.to_status, source: t.source });
    await deps.cache.setStatus(t.device.id, t.to_status);
  }
  return outcome;
}
