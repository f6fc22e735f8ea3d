import type { DeviceAuthenticator } from './device-auth';
import type { CachedDevice } from './device-cache';
import { REASONS } from './presence';
import { insertStatusEvent, lockDevice, touchConnectedDevice, updateDevice } from './repository';
import { commitPresenceChange, transitionLocked, type PresenceDeps, type Transition } from './transitions';
import type { DeviceStatus, HeartbeatAnswer, Telemetry } from './types';
import { RateLimitedError, UnauthorizedError } from '../errors';

export function createHeartbeatService(deps: PresenceDeps & { devices: DeviceAuthenticator; acceptHeartbeat: (deviceId: number) => Promise<void> }) {
  const { db, clock, logger, cache, metrics } = deps;

  const answer = (device: CachedDevice, now: Date, reconnect: { delay: number | null } | null): HeartbeatAnswer => ({
    success: true,
    status: 'connected',
    server_time: now.toISOString(),
    next_heartbeat_seconds: device.heartbeat_interval_seconds,
    should_reconnect: reconnect !== null,
    reconnect_delay_seconds: reconnect?.delay ?? null,
    remote_control_enabled: device.remote_control_enabled,
  });

  /**
   * Slow path: the device was not connected, or a reconnect signal waits for
   * it. Under the row lock: record the heartbeat, move it to connected, and
   * hand over (then clear) the reconnect signal — once.
   */
  async function lockedHeartbeat(device: CachedDevice, now: Date, ip: string | null, telemetry: Telemetry) {
    return commitPresenceChange(deps, async (trx) => {
      const row = await lockDevice(trx, device.id);
      if (!row) throw new UnauthorizedError('invalid_device_token', 'Unknown or revoked device token');
      const heard = { last_heartbeat_at: now, last_heartbeat_source: 'device', last_seen_ip: ip, ...telemetry, updated_at: now };
      const reconnect = row.should_reconnect ? { delay: row.reconnect_delay_seconds } : null;
      const alsoSet = reconnect ? { ...heard, should_reconnect: false } : heard;
      const transitions: Transition[] = [];
      if (row.status === 'connected') await updateDevice(trx, row.id, alsoSet);
      else transitions.push(await transitionLocked(trx, row, { to: 'connected', reason: REASONS.heartbeat, source: 'device', at: now, alsoSet }));
      if (reconnect) {
        await insertStatusEvent(trx, { device_id: row.id, from_status: 'connected', to_status: 'connected', reason: REASONS.reconnectDelivered, source: 'device', occurred_at: now });
      }
      return { result: reconnect, transitions };
    });
  }

  return {
    async heartbeat(token: string | null, ip: string | null, telemetry: Telemetry): Promise<HeartbeatAnswer> {
      let device: CachedDevice;
      let cachedStatus: Promise<DeviceStatus | null>;
      try {
        device = await deps.devices.authenticate(token);
        cachedStatus = cache.getStatus(device.id);
        await deps.acceptHeartbeat(device.id);
      } catch (error) {
        if (error instanceof UnauthorizedError) metrics.heartbeats.inc({ result: 'unauthorized' });
        if (error instanceof RateLimitedError) metrics.heartbeats.inc({ result: 'rate_limited' });
        throw error;
      }
      const now = clock();
      // A device last known to be down goes straight to the locked path; otherwise try the one-UPDATE hot path first.
      if (((await cachedStatus) ?? 'connected') === 'connected' && (await touchConnectedDevice(db, device.id, now, ip, telemetry))) {
        metrics.heartbeats.inc({ result: 'accepted' });
        return answer(device, now, null);
      }
      const { result: reconnect } = await lockedHeartbeat(device, now, ip, telemetry);
      if (reconnect) logger.info({ device_id: device.id, device_name: device.name, reconnect_delay_seconds: reconnect.delay }, 'Reconnect signal delivered');
      metrics.heartbeats.inc({ result: 'accepted' });
      return answer(device, now, reconnect);
    },
  };
}

export type HeartbeatService = ReturnType<typeof createHeartbeatService>;
