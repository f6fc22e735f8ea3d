import type { z } from 'zod';
import { nextDay, orgDate, orgInstant, shiftDays } from '../attendance/org-time';
import { generateToken, hashToken } from '../auth/secrets';
import type { Config } from '../config';
import { NotFoundError, ValidationError } from '../errors';
import { pageMeta } from '../http/pagination';
import { availabilityByDay } from './availability';
import { flushHeartbeatsIfPossible } from './heartbeat-flusher';
import {
  changesBetween,
  endMaintenanceWindow,
  insertMaintenance,
  lastLeftConnected,
  maintenanceBetween,
  openMaintenance,
} from './history-repository';
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
import type { availabilityJson } from './schemas';
import { assertThresholdOrder, DEFAULT_THRESHOLDS } from './thresholds';
import type { PresenceDeps } from './transitions';
import type { Thresholds } from './types';

const DEFAULT_AVAILABILITY_DAYS = 7;
const MAX_AVAILABILITY_DAYS = 62;

interface DeviceFields extends Partial<Thresholds> {
  name?: string;
  location?: string | null;
  remote_control_enabled?: boolean;
}

export function createDeviceAdminService(deps: PresenceDeps & { org: Config['org'] }) {
  const { db, clock, logger, cache, heartbeats, org } = deps;

  async function getRow(id: number) {
    // An admin sees the heartbeat the device just sent, not the one MariaDB last heard.
    await flushHeartbeatsIfPossible(deps);
    const row = await findDevice(db, id);
    if (!row) throw new NotFoundError('Device');
    return row;
  }
  const today = () => orgDate(clock(), org.timezone);
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
      // Its life starts on the service's clock: availability counts from here.
      const id = await insertDevice(db, {
        ...fields,
        ...thresholds,
        token_hash: hashToken(token),
        created_at: clock(),
      });
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

    /**
     * Under maintenance a device sends no alerts, and the time is left out of
     * its availability; its status is still what its heartbeats say. Setting
     * a new end replaces the open window's; the windows are kept as history.
     */
    async setMaintenance(id: number, until: Date, actorId: number) {
      const now = clock();
      if (until <= now) throw new ValidationError([{ path: 'until', message: 'must be in the future' }]);
      await db.transaction(async (trx) => {
        if (!(await lockDevice(trx, id))) throw new NotFoundError('Device');
        const open = await openMaintenance(trx, id, now);
        if (open) await endMaintenanceWindow(trx, open.id, until);
        else await insertMaintenance(trx, { device_id: id, starts_at: now, ends_at: until, set_by: actorId });
        await updateDevice(trx, id, { maintenance_until: until, updated_at: now });
      });
      logger.info(
        { device_id: id, maintenance_until: until.toISOString(), actor_id: actorId },
        'Device maintenance set',
      );
      return present(id);
    },

    async endMaintenance(id: number, actorId: number) {
      const now = clock();
      await db.transaction(async (trx) => {
        if (!(await lockDevice(trx, id))) throw new NotFoundError('Device');
        const open = await openMaintenance(trx, id, now);
        if (open) await endMaintenanceWindow(trx, open.id, now);
        await updateDevice(trx, id, { maintenance_until: null, updated_at: now });
      });
      logger.info({ device_id: id, actor_id: actorId }, 'Device maintenance ended');
      return present(id);
    },

    /** Per org-local day from `from` to `to` (inclusive): see availability.ts for what counts. */
    async availability(id: number, fromDay?: string, toDay?: string): Promise<z.output<typeof availabilityJson>> {
      const device = await getRow(id);
      const to = toDay ?? (fromDay && fromDay > today() ? fromDay : today());
      const from = fromDay ?? shiftDays(to, -(DEFAULT_AVAILABILITY_DAYS - 1));
      if (shiftDays(from, MAX_AVAILABILITY_DAYS) <= to)
        throw new ValidationError([{ path: 'to', message: `at most ${MAX_AVAILABILITY_DAYS} days at a time` }]);
      const days = [];
      for (let date = from; date <= to; date = nextDay(date))
        days.push({
          date,
          start: orgInstant(date, '00:00', org.timezone),
          end: orgInstant(nextDay(date), '00:00', org.timezone),
        });
      const rangeStart = days[0]!.start;
      const rangeEnd = days.at(-1)!.end;
      const [{ before, within }, maintenance] = await Promise.all([
        changesBetween(db, id, rangeStart, rangeEnd),
        maintenanceBetween(db, id, rangeStart, rangeEnd),
      ]);
      const status = before?.to_status ?? 'disconnected';
      const leftConnectedAt =
        status === 'connected' ? null : ((await lastLeftConnected(db, id, rangeStart))?.occurred_at ?? null);
      return {
        device_id: id,
        from,
        to,
        timezone: org.timezone,
        days: availabilityByDay({
          days,
          createdAt: device.created_at,
          now: clock(),
          opening: { status, leftConnectedAt },
          changes: within,
          maintenance,
        }),
      };
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
