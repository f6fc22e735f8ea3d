import type { Db, Trx } from '../db/knex';
import type { DeviceStatus, MaintenanceWindow, StatusChange } from './types';

/** A device's status history and maintenance windows: what alerts and availability are worked out from. */

// A reconnect request is recorded in the same trail with the status unchanged; it is not a change of status.
const changes = (db: Db | Trx, deviceId: number) =>
  db('device_status_events')
    .where({ device_id: deviceId })
    .where((q) => q.whereNull('from_status').orWhereRaw('from_status <> to_status'))
    .select('from_status', 'to_status', 'occurred_at');

/** The latest change to `status` at or before `at`. */
export const lastChangeTo = (
  db: Db,
  deviceId: number,
  status: DeviceStatus,
  at: Date,
): Promise<StatusChange | undefined> =>
  changes(db, deviceId).where({ to_status: status }).where('occurred_at', '<=', at).orderBy('id', 'desc').first();

/** The latest time the device left `connected` at or before `at`: where an outage that reached `at` began. */
export const lastLeftConnected = (db: Db, deviceId: number, at: Date): Promise<StatusChange | undefined> =>
  changes(db, deviceId)
    .where({ from_status: 'connected' })
    .where('occurred_at', '<=', at)
    .orderBy('id', 'desc')
    .first();

/** The changes in [from, to), oldest first, and the last one before `from` (the status the range opens with). */
export async function changesBetween(db: Db, deviceId: number, from: Date, to: Date) {
  const [before, within] = await Promise.all([
    changes(db, deviceId).where('occurred_at', '<', from).orderBy('id', 'desc').first() as Promise<
      StatusChange | undefined
    >,
    changes(db, deviceId).where('occurred_at', '>=', from).where('occurred_at', '<', to).orderBy('id') as Promise<
      StatusChange[]
    >,
  ]);
  return { before, within };
}

export const maintenanceBetween = (db: Db, deviceId: number, from: Date, to: Date): Promise<MaintenanceWindow[]> =>
  db('device_maintenance')
    .where({ device_id: deviceId })
    .where('starts_at', '<', to)
    .where('ends_at', '>', from)
    .orderBy('starts_at')
    .select('starts_at', 'ends_at');

export const inMaintenanceAt = async (db: Db, deviceId: number, at: Date): Promise<boolean> =>
  (await maintenanceBetween(db, deviceId, at, new Date(at.getTime() + 1))).length > 0;

/** The window still open at `at`, if any (ends_at is when it is planned to end). */
export const openMaintenance = (
  trx: Trx,
  deviceId: number,
  at: Date,
): Promise<(MaintenanceWindow & { id: number }) | undefined> =>
  trx('device_maintenance')
    .where({ device_id: deviceId })
    .where('ends_at', '>', at)
    .where('starts_at', '<=', at)
    .orderBy('id', 'desc')
    .first();

export async function insertMaintenance(
  trx: Trx,
  values: { device_id: number; starts_at: Date; ends_at: Date; set_by: number },
) {
  await trx('device_maintenance').insert(values);
}

export async function endMaintenanceWindow(trx: Trx, id: number, endsAt: Date) {
  await trx('device_maintenance').where({ id }).update({ ends_at: endsAt });
}
