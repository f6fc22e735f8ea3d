import { generateToken, hashToken } from '../auth/secrets';
import { NotFoundError } from '../errors';
import { pageMeta } from '../http/pagination';
import { flushHeartbeatsIfPossible } from './heartbeat-flusher';
import { REASONS } from './presence';
import { toDeviceJson, toStatusEventJson } from './presenter';
import {
  findDevice,
  insertDevice,
  insertStatusEvent,
  listDevices,
  listStatusEvents,
  lockDevice,
  updateDevice,
} from './repository';
import { assertThresholdOrder, DEFAULT_THRESHOLDS } from './thresholds';
import type { PresenceDeps } from './transitions';
import type { Thresholds } from './types';

interface DeviceFields extends Partial<Thresholds> {
  name?: string;
  location?: string | null;
  remote_control_enabled?: boolean;
}

export function createDeviceAdminService(deps: PresenceDeps) {
  const { db, clock, logger, cache, heartbeats } = deps;

  async function getRow(id: number) {
    // An admin sees the heartbeat the device just sent, not the one MariaDB last heard.
    await flushHeartbeatsIfPossible(deps);
    const row = await findDevice(db, id);
    if (!row) throw new NotFoundError('Device');
    return row;
  }
  const present = async (id: number) => toDeviceJson(await getRow(id), clock());

  return {
    async list() {
      await flushHeartbeatsIfPossible(deps);
      const now = clock();
      return {
        data: (await listDevices(db)).map((row) => toDeviceJson(row, now)),
        meta: { server_time: now.toISOString() },
      };
    },

    get: present,

    async create(fields: DeviceFields & { name: string }) {
      const thresholds = {
        ...DEFAULT_THRESHOLDS,
        ...pickThresholds(fields),
      };
      assertThresholdOrder(thresholds);
      const token = generateToken();
      const id = await insertDevice(db, { ...fields, ...thresholds, token_hash: hashToken(token) });
      logger.info({ device_id: id, device_name: fields.name }, 'Device registered');
      return { device: await present(id), token };
    },

    async update(id: number, fields: DeviceFields) {
      const current = await getRow(id);
      const merged: Thresholds = { ...current, ...pickThresholds(fields) };
      assertThresholdOrder(merged);
      await updateDevice(db, id, { ...fields, updated_at: clock() });
      await cache.invalidateDevice(id);
      return present(id);
    },

    async events(id: number, page: number, perPage: number) {
      await getRow(id);
      const { rows, total } = await listStatusEvents(db, id, page, perPage);
      return { data: rows.map(toStatusEventJson), meta: pageMeta(page, perPage, total) };
    },

    /** The next heartbeat response carries the signal once (see the heartbeat service). */
    async requestReconnect(id: number, delaySeconds: number) {
      const now = clock();
      await db.transaction(async (trx) => {
        const device = await lockDevice(trx, id);
        if (!device) throw new NotFoundError('Device');
        // Before the commit: from here on the device's heartbeats take the locked path, which delivers the signal.
        await heartbeats.closeGate(id, device.version + 1);
        await updateDevice(trx, id, {
          should_reconnect: true,
          reconnect_delay_seconds: delaySeconds,
          reconnect_requested_at: now,
          updated_at: now,
        });
        await insertStatusEvent(trx, {
          device_id: id,
          from_status: device.status,
          to_status: device.status,
          reason: REASONS.reconnectRequested,
          source: 'admin',
          occurred_at: now,
        });
      });
      logger.info({ device_id: id, reconnect_delay_seconds: delaySeconds }, 'Reconnect requested');
      return present(id);
    },

    async rotateToken(id: number) {
      await getRow(id);
      const token = generateToken();
      await updateDevice(db, id, { token_hash: hashToken(token), updated_at: clock() });
      await cache.invalidateDevice(id);
      logger.info({ device_id: id }, 'Device token rotated');
      return { device: await present(id), token };
    },

    /** Soft delete: the token stops working at once; past attendances keep naming the kiosk. */
    async remove(id: number) {
      await getRow(id);
      await updateDevice(db, id, { deleted_at: clock(), token_hash: null, updated_at: clock() });
      await cache.invalidateDevice(id);
      await heartbeats
        .forget(id)
        .catch((error) =>
          logger.debug({ err: (error as Error).message, device_id: id }, 'Heartbeat keys left to expire'),
        );
      logger.info({ device_id: id }, 'Device deleted');
    },
  };
}

function pickThresholds(source: Partial<Thresholds>): Partial<Thresholds> {
  const picked: Partial<Thresholds> = {};
  for (const key of ['heartbeat_interval_seconds', 'offline_after_seconds', 'disconnect_after_seconds'] as const)
    if (source[key] !== undefined) picked[key] = source[key];
  return picked;
}

export type DeviceAdminService = ReturnType<typeof createDeviceAdminService>;
