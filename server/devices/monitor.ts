import { chunk } from './chunk';
import { flushHeartbeats } from './heartbeat-flusher';
import { REASONS, statusDueToTime } from './presence';
import { findDevices, findMonitorCandidates, lockDevicesSkippingBusy } from './repository';
import { commitPresenceChange, type PresenceDeps, type Transition, transitionLocked } from './transitions';
import type { DeviceRow, DeviceStatus } from './types';

interface PlannedChange {
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
  /** Called with the rows a batch has locked and read, before it judges them: lets a test force a heartbeat to race the monitor. */
  whileLocked?: (rows: DeviceRow[]) => Promise<void>;
}

const reasonFor = (to: DeviceStatus) => (to === 'disconnected' ? REASONS.heartbeatLost : REASONS.heartbeatMissed);

const plan = (device: DeviceRow, to: DeviceStatus, now: Date): PlannedChange => ({
  device_id: device.id,
  device_name: device.name,
  from_status: device.status,
  to_status: to,
  seconds_since_heartbeat: device.last_heartbeat_at
    ? Math.floor((now.getTime() - device.last_heartbeat_at.getTime()) / 1000)
    : null,
});

/**
 * Moves devices down the tiers as time passes (docs/ARCHITECTURE.md,
 * "Presence"; the gate: presence-gate.md): heartbeats still in Redis are
 * written first, then a read of the whole devices table in id order (each
 * row against its own thresholds, which no index can bound: see
 * findMonitorCandidates) finds candidates, and per batch one transaction
 * locks them with SKIP LOCKED (a row a heartbeat holds is about to be fresh),
 * re-checks each under the lock against the newest heartbeat Redis knows, and
 * writes the transitions. A heartbeat recorded after that check stops the
 * transition (see transitionLocked). A dry run reads and reports only.
 */
export async function runDeviceMonitor(
  deps: PresenceDeps,
  options: MonitorOptions = {},
): Promise<{ checked: number; changes: PlannedChange[] }> {
  const now = deps.clock();
  if (!options.dryRun) await flushHeartbeats(deps.db, deps.heartbeats);
  const ids = await findMonitorCandidates(deps.db, now);
  const changes: PlannedChange[] = [];
  let done = 0;
  for (const batch of chunk(ids, options.batchSize ?? 200)) {
    if (options.dryRun) {
      for (const device of await deps.heartbeats.withLatestHeartbeat(await findDevices(deps.db, batch))) {
        const due = statusDueToTime(device, now);
        if (due) changes.push(plan(device, due, now));
      }
    } else {
      await commitPresenceChange(deps, async (trx) => {
        const rows = await deps.heartbeats.withLatestHeartbeat(await lockDevicesSkippingBusy(trx, batch));
        await options.whileLocked?.(rows);
        const transitions: Transition[] = [];
        for (const device of rows) {
          const due = statusDueToTime(device, now);
          if (!due) continue;
          const transition = await transitionLocked(deps, trx, device, {
            to: due,
            reason: reasonFor(due),
            source: 'system',
            at: now,
          });
          if (!transition) continue;
          changes.push(plan(device, due, now));
          transitions.push(transition);
        }
        return { result: undefined, transitions };
      });
    }
    done += batch.length;
    options.onProgress?.(done, ids.length);
  }
  return { checked: ids.length, changes };
}
