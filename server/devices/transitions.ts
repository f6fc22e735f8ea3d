import type { Clock } from '../clock';
import type { Db, Trx } from '../db/knex';
import type { EventPublisher } from '../events/publisher';
import { commitChange } from '../events/transaction';
import type { PendingEvent } from '../events/types';
import type { Logger } from '../logger';
import type { DeviceCache } from './device-cache';
import type { HeartbeatStore } from './heartbeat-store';
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
  heartbeats: HeartbeatStore;
  metrics: DeviceMetrics;
}

/** What a locked unit of work hands back: its result and its transitions (each one device.status_changed event). */
interface PresenceOutcome<T> {
  result: T;
  transitions: Transition[];
}

/**
 * Moves a device whose row the caller has locked (SELECT … FOR UPDATE) to a
 * new status: the update (with any other fields of the same write), the
 * audit row and, through the caller's transaction, the outbox event.
 *
 * A device leaving `connected` first closes its heartbeat gate in Redis, so
 * heartbeats stop skipping MariaDB before the change commits. If a heartbeat
 * newer than the one the caller judged by (row.last_heartbeat_at) was
 * recorded meanwhile, the device is not silent: nothing is written, and the
 * answer is null.
 */
export async function transitionLocked(
  deps: Pick<PresenceDeps, 'heartbeats'>,
  trx: Trx,
  device: DeviceRow,
  change: { to: DeviceStatus; reason: string; source: StatusSource; at: Date; alsoSet?: Record<string, unknown> },
): Promise<Transition | null> {
  // The row is locked, so the version this update writes is known.
  const nextVersion = device.version + 1;
  if (
    device.status === 'connected' &&
    change.to !== 'connected' &&
    !(await deps.heartbeats.closeGateIfSilentSince(device.id, nextVersion, device.last_heartbeat_at))
  )
    return null;
  await updateDevice(trx, device.id, {
    ...change.alsoSet,
    status: change.to,
    previous_status: device.status,
    last_status_change_at: change.at,
    status_change_reason: change.reason,
    status_change_source: change.source,
    updated_at: change.at,
  });
  await insertStatusEvent(trx, {
    device_id: device.id,
    from_status: device.status,
    to_status: change.to,
    reason: change.reason,
    source: change.source,
    occurred_at: change.at,
  });
  const updated = (await findDevice(trx, device.id))!;
  return {
    device: updated,
    from_status: device.status,
    to_status: change.to,
    reason: change.reason,
    source: change.source,
    at: change.at,
  };
}

const toEvent = (t: Transition): PendingEvent => ({
  type: 'device.status_changed',
  data: {
    ...toDeviceJson(t.device, t.at),
    from_status: t.from_status,
    to_status: t.to_status,
    reason: t.reason,
    source: t.source,
  },
});

/**
 * Runs a presence change in one transaction with its outbox events, then
 * tells the world once it has committed: one structured log line per
 * transition, and metrics.
 */
export async function commitPresenceChange<T>(
  deps: PresenceDeps,
  work: (trx: Trx) => Promise<PresenceOutcome<T>>,
): Promise<PresenceOutcome<T>> {
  const outcome = await commitChange(deps, async (trx) => {
    const done = await work(trx);
    return { result: done, events: done.transitions.map(toEvent) };
  });
  for (const t of outcome.transitions) {
    deps.logger.info(
      {
        device_id: t.device.id,
        device_name: t.device.name,
        from_status: t.from_status,
        to_status: t.to_status,
        reason: t.reason,
        source: t.source,
        timestamp: t.at.toISOString(),
      },
      'Device status transition',
    );
    deps.metrics.transitions.inc({ from: t.from_status, to: t.to_status, source: t.source });
  }
  return outcome;
}
