import type { DeviceAuthenticator } from '../auth/device-token';
import { UnauthorizedError } from '../errors';
import type { CachedDevice } from './device-cache';
import { createLocalHeartbeatLimiter, heartbeatRateLimited } from './heartbeat-limiter';
import type { RecordOutcome } from './heartbeat-store';
import { REASONS } from './presence';
import { insertStatusEvent, lockDevice, touchConnectedDevice, updateDevice } from './repository';
import { commitPresenceChange, type PresenceDeps, type Transition, transitionLocked } from './transitions';
import type { HeartbeatAnswer, Telemetry } from './types';

export function createHeartbeatService(deps: PresenceDeps & { devices: DeviceAuthenticator }) {
  const { db, clock, logger, heartbeats, metrics } = deps;
  const limitLocally = createLocalHeartbeatLimiter();

  const answer = (device: CachedDevice, now: Date, reconnect: { delay: number | null } | null): HeartbeatAnswer => {
    metrics.heartbeats.inc({ result: 'accepted' });
    return {
      success: true,
      status: 'connected',
      server_time: now.toISOString(),
      next_heartbeat_seconds: device.heartbeat_interval_seconds,
      should_reconnect: reconnect !== null,
      reconnect_delay_seconds: reconnect?.delay ?? null,
      remote_control_enabled: device.remote_control_enabled,
    };
  };

  /** The rate limit and, while the device's gate is open, the whole heartbeat, in one Redis call. */
  async function recordInRedis(
    deviceId: number,
    now: Date,
    ip: string | null,
    telemetry: Telemetry,
  ): Promise<RecordOutcome | { kind: 'redis_unavailable' }> {
    try {
      return await heartbeats.record({ device_id: deviceId, at: now, ip, ...telemetry });
    } catch (error) {
      logger.debug(
        { err: (error as Error).message },
        'Heartbeat store unavailable; limiting locally and writing to the database',
      );
      const wait = await limitLocally(deviceId);
      return wait === null ? { kind: 'redis_unavailable' } : { kind: 'rate_limited', retryAfterMs: wait };
    }
  }

  /**
   * The device was not connected, owes a reconnect signal, or Redis does not
   * know: under the row lock, record the heartbeat, move the device to
   * connected, and hand over (then clear) the reconnect signal — once.
   * Answers the row version it wrote, for the gate.
   */
  async function lockedHeartbeat(device: CachedDevice, now: Date, ip: string | null, telemetry: Telemetry) {
    return commitPresenceChange(deps, async (trx) => {
      const row = await lockDevice(trx, device.id);
      if (!row) throw new UnauthorizedError('invalid_device_token', 'Unknown or revoked device token');
      const heard = {
        last_heartbeat_at: now,
        last_heartbeat_source: 'device',
        last_seen_ip: ip,
        ...telemetry,
        updated_at: now,
      };
      const reconnect = row.should_reconnect ? { delay: row.reconnect_delay_seconds } : null;
      const alsoSet = reconnect ? { ...heard, should_reconnect: false } : heard;
      const transitions: Transition[] = [];
      if (row.status === 'connected') await updateDevice(trx, row.id, alsoSet);
      else
        transitions.push(
          (await transitionLocked(deps, trx, row, {
            to: 'connected',
            reason: REASONS.heartbeat,
            source: 'device',
            at: now,
            alsoSet,
          }))!,
        );
      if (reconnect) {
        await insertStatusEvent(trx, {
          device_id: row.id,
          from_status: 'connected',
          to_status: 'connected',
          reason: REASONS.reconnectDelivered,
          source: 'device',
          occurred_at: now,
        });
      }
      return { result: { reconnect, version: row.version + 1 }, transitions };
    });
  }

  async function authenticate(token: string | null): Promise<CachedDevice> {
    try {
      return await deps.devices.authenticate(token);
    } catch (error) {
      if (error instanceof UnauthorizedError) metrics.heartbeats.inc({ result: 'unauthorized' });
      throw error;
    }
  }

  function refuse(retryAfterMs: number): never {
    metrics.heartbeats.inc({ result: 'rate_limited' });
    throw heartbeatRateLimited(retryAfterMs);
  }

  /** The locked path, then the gate opened for the next heartbeats (see presence-gate.md). */
  async function connectUnderLock(device: CachedDevice, now: Date, ip: string | null, telemetry: Telemetry) {
    const { result } = await lockedHeartbeat(device, now, ip, telemetry);
    if (result.reconnect)
      logger.info(
        { device_id: device.id, device_name: device.name, reconnect_delay_seconds: result.reconnect.delay },
        'Reconnect signal delivered',
      );
    await heartbeats
      .openGate(device.id, result.version)
      .catch((error) =>
        logger.debug(
          { err: (error as Error).message },
          'Heartbeat gate not opened; the next heartbeat takes the locked path again',
        ),
      );
    return answer(device, now, result.reconnect);
  }

  /** The gate was closed, so Redis counted this heartbeat but did not record it: a failed locked path gives the points back, or the kiosk's retry would get 429. */
  async function connectUnderLockOrRefund(device: CachedDevice, now: Date, ip: string | null, telemetry: Telemetry) {
    try {
      return await connectUnderLock(device, now, ip, telemetry);
    } catch (error) {
      await heartbeats.refund(device.id).catch(() => undefined);
      throw error;
    }
  }

  /** Without Redis: a connected device owing nothing is one conditional UPDATE; any other takes the locked path. */
  async function heartbeatWithoutRedis(device: CachedDevice, now: Date, ip: string | null, telemetry: Telemetry) {
    if (await touchConnectedDevice(db, device.id, now, ip, telemetry)) return answer(device, now, null);
    return connectUnderLock(device, now, ip, telemetry);
  }

  return {
    /** A heartbeat, in the order presence-gate.md describes it. */
    async heartbeat(token: string | null, ip: string | null, telemetry: Telemetry): Promise<HeartbeatAnswer> {
      const device = await authenticate(token);
      const now = clock();
      const recorded = await recordInRedis(device.id, now, ip, telemetry);
      switch (recorded.kind) {
        case 'rate_limited':
          return refuse(recorded.retryAfterMs);
        case 'recorded':
          return answer(device, now, null);
        case 'gate_closed':
          return connectUnderLockOrRefund(device, now, ip, telemetry);
        case 'redis_unavailable':
          return heartbeatWithoutRedis(device, now, ip, telemetry);
      }
    },
  };
}

export type HeartbeatService = ReturnType<typeof createHeartbeatService>;
