import type { z } from 'zod';
import { flushHeartbeatsIfPossible } from './heartbeat-flusher';
import { heartbeatAgeSeconds, REASONS } from './presence';
import { type DeviceJson, toDeviceJson } from './presenter';
import { findDevicesNeedingPing, lockDevice, updateDevice } from './repository';
import { type pingAnswerJson, pingTargetJson } from './schemas';
import { commitPresenceChange, type PresenceDeps, transitionLocked } from './transitions';
import type { DeviceStatus } from './types';

interface PingResult {
  device_id: number;
  reachable: boolean;
  latency_ms?: number | undefined;
}

type PingAnswer = z.output<typeof pingAnswerJson>;

/** What the ping service needs of a stale device (schemas.ts): where to reach it and what was last heard. */
type PingTarget = z.output<typeof pingTargetJson>;
const PING_TARGET_FIELDS = Object.keys(pingTargetJson.shape) as (keyof PingTarget)[];

const pingTarget = (device: DeviceJson): PingTarget =>
  Object.fromEntries(PING_TARGET_FIELDS.map((key) => [key, device[key]])) as PingTarget;

/**
 * The external ping service's view (docs/ARCHITECTURE.md, "Presence"). A
 * heartbeat always wins: a ping never overrides one younger than the
 * device's interval. A failed ping on a stale connected device moves it to
 * temporarily_offline at once; any other ping is recorded and changes no
 * status.
 */
export function createPingService(deps: PresenceDeps) {
  return {
    async devicesNeedingPing(limit: number) {
      const now = deps.clock();
      await flushHeartbeatsIfPossible(deps);
      const rows = await findDevicesNeedingPing(deps.db, now, limit);
      return rows.map((row) => pingTarget(toDeviceJson(row, now)));
    },

    async record(ping: PingResult): Promise<PingAnswer> {
      const now = deps.clock();
      const { result } = await commitPresenceChange(deps, async (trx) => {
        const locked = await lockDevice(trx, ping.device_id);
        const answer = (applied: boolean, reason: PingAnswer['reason'], status: DeviceStatus | null) => ({
          device_id: ping.device_id,
          applied,
          reason,
          status,
        });
        if (!locked) return { result: answer(false, 'device_not_found', null), transitions: [] };
        const [device] = await deps.heartbeats.withLatestHeartbeat([locked]);
        const heartbeatWins = { result: answer(false, 'heartbeat_recent', device.status), transitions: [] };
        const age = heartbeatAgeSeconds(device, now);
        if (age !== null && age < device.heartbeat_interval_seconds) return heartbeatWins;
        const recorded = { last_ping_at: now, last_ping_ok: ping.reachable, updated_at: now };
        if (!ping.reachable && device.status === 'connected') {
          const transition = await transitionLocked(deps, trx, device, {
            to: 'temporarily_offline',
            reason: REASONS.pingFailed,
            source: 'external_service',
            at: now,
            alsoSet: recorded,
          });
          if (!transition) return heartbeatWins;
          return { result: answer(true, 'status_changed', 'temporarily_offline'), transitions: [transition] };
        }
        await updateDevice(trx, device.id, recorded);
        return { result: answer(true, 'recorded', device.status), transitions: [] };
      });
      return result;
    },
  };
}

export type PingService = ReturnType<typeof createPingService>;
