import { chunk } from './chunk';
import { REASONS, statusDueToTime } from './presence';
import { findDevice, findMonitorCandidates, lockDevicesSkippingBusy } from './repository';
import { commitPresenceChange, transitionLocked, type PresenceDeps, type Transition } from './transitions';
import type { DeviceRow, DeviceStatus } from './types';

export interface PlannedChange {
  device_id: number;
  device_name: string;
  from_status: DeviceStatus;
  to_status: DeviceStatus;
  seconds_since_heartbeat: number | null;
}

export interface MonitorOptions {
  dryRun?: boolean;
  batchSize?: number;
  onProgress?: (done: number, total: number) => void;
  /** Called with the rows a batch has locked, before it writes: lets a test force a heartbeat to race the monitor. */
  whileLocked?: (rows: DeviceRow[]) => Promise<void>;
}

const reasonFor = (to: DeviceStatus) => (to === 'disconnected' ? REASONS.heartbeatLost : REASONS.heartbeatMissed);

const plan = (device: DeviceRow, to: DeviceStatus, now: Date): PlannedChange => ({
  device_id: device.id,
  device_name: device.name,
  from_status: device.status,
  to_status: to,
  seconds_since_heartbeat: device.last_heartbeat_at ? Math.floor((now.getTime() - device.last_heartbeat_at.getTime()) / 1000) : null,
});

/**
 * Moves devices down the tiers as time passes (DESIGN.md): an index scan for
 * candidates, then per batch one transaction that locks them with SKIP
 * LOCKED (a row a heartbeat holds is about to be fresh), re-checks each under
 * the lock, and writes the transitions. A dry run reads and reports only.
 */
export async function runDeviceMonitor(deps: PresenceDeps, options: MonitorOptions = {}): Promise<{ checked: number; changes: PlannedChange[] }> {
  const now = deps.clock();
  const ids = await findMonitorCandidates(deps.db, now);
  const changes: PlannedChange[] = [];
  let done = 0;
  for (const batch of chunk(ids, options.batchSize ?? 200)) {
    if (options.dryRun) {
      for (const id of batch) {
        const device = await findDevice(deps.db, id);
        const due = device && statusDueToTime(device, now);
        if (device && due) changes.push(plan(device, due, now));
      }
    } else {
      await commitPresenceChange(deps, async (trx) => {
        const rows = await lockDevicesSkippingBusy(trx, batch);
        await options.whileLocked?.(rows);
        const transitions: Transition[] = [];
        for (const device of rows) {
          const due = statusDueToTime(device, now);
          if (!due) continue;
          changes.push(plan(device, due, now));
          transitions.push(await transitionLocked(trx, device, { to: due, reason: reasonFor(due), source: 'system', at: now }));
        }
        return { result: undefined, transitions };
      });
    }
    done += batch.length;
    options.onProgress?.(done, ids.length);
  }
  return { checked: ids.length, changes };
}
