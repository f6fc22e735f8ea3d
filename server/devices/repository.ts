import type { Db, Trx } from '../db/knex';
import type { RecordedHeartbeat } from './heartbeat-store';
import type { DeviceRow, StatusEventRow, Telemetry, Thresholds } from './types';

const live = (db: Db | Trx) => db<DeviceRow>('devices').whereNull('deleted_at');

/** What authenticating a device needs, in one indexed read (the token cache's miss path). */
export async function findDeviceByTokenHash(
  db: Db,
  tokenHash: string,
): Promise<Pick<DeviceRow, 'id' | 'name' | 'heartbeat_interval_seconds' | 'remote_control_enabled'> | undefined> {
  return live(db)
    .where({ token_hash: tokenHash })
    .first('id', 'name', 'heartbeat_interval_seconds', 'remote_control_enabled');
}

export const findDevice = (db: Db | Trx, id: number): Promise<DeviceRow | undefined> => live(db).where({ id }).first();

export const findDevices = (db: Db, ids: number[]): Promise<DeviceRow[]> => live(db).whereIn('id', ids).orderBy('id');

export const listDevices = (db: Db): Promise<DeviceRow[]> => live(db).orderBy('name').orderBy('id');

export async function insertDevice(
  db: Db,
  values: { name: string; location?: string | null; token_hash: string; created_at?: Date } & Partial<Thresholds>,
): Promise<number> {
  const [id] = await db('devices').insert(values);
  return Number(id);
}

export async function updateDevice(db: Db | Trx, id: number, values: Record<string, unknown>): Promise<void> {
  await db('devices')
    .where({ id })
    .update({ ...values, version: db.raw('version + 1') });
}

/**
 * The heartbeat path while Redis is unavailable: one conditional single-row
 * UPDATE for a device that is already connected and owes no reconnect signal.
 * No row touched means the locked transition path must run.
 */
export async function touchConnectedDevice(
  db: Db,
  id: number,
  at: Date,
  ip: string | null,
  telemetry: Telemetry,
): Promise<boolean> {
  const affected = await db('devices')
    .where({ id, status: 'connected', should_reconnect: false })
    .whereNull('deleted_at')
    .update({ last_heartbeat_at: at, last_heartbeat_source: 'device', last_seen_ip: ip, updated_at: at, ...telemetry });
  return affected === 1;
}

/**
 * Writes heartbeats recorded in Redis, a whole batch in one statement. A
 * heartbeat never moves last_heartbeat_at back (the locked path may already
 * have written a newer one) and never touches the status: the gate let it
 * skip MariaDB only while the device was connected.
 */
export async function writeHeartbeats(db: Db, heartbeats: RecordedHeartbeat[]): Promise<void> {
  const rows = heartbeats.map((h) => ({ ...h, at: h.at.toISOString().replace('T', ' ').replace('Z', '') }));
  await db.raw(
    `UPDATE devices d
     JOIN JSON_TABLE(?, '$[*]' COLUMNS (
       device_id BIGINT PATH '$.device_id', at DATETIME(3) PATH '$.at', ip VARCHAR(45) PATH '$.ip',
       battery_level INT PATH '$.battery_level', wifi_strength INT PATH '$.wifi_strength', app_version VARCHAR(64) PATH '$.app_version'
     )) h ON h.device_id = d.id
     SET d.last_heartbeat_at = h.at, d.last_heartbeat_source = 'device', d.updated_at = h.at,
         d.last_seen_ip = COALESCE(h.ip, d.last_seen_ip), d.battery_level = COALESCE(h.battery_level, d.battery_level),
         d.wifi_strength = COALESCE(h.wifi_strength, d.wifi_strength), d.app_version = COALESCE(h.app_version, d.app_version)
     WHERE d.deleted_at IS NULL AND (d.last_heartbeat_at IS NULL OR d.last_heartbeat_at < h.at)`,
    [JSON.stringify(rows)],
  );
}

export const lockDevice = (trx: Trx, id: number): Promise<DeviceRow | undefined> =>
  live(trx).where({ id }).forUpdate().first();

/** Rows another transaction holds (a heartbeat) are skipped, not waited for: that writer is about to make them fresh. */
export const lockDevicesSkippingBusy = (trx: Trx, ids: number[]): Promise<DeviceRow[]> =>
  live(trx).whereIn('id', ids).forUpdate().skipLocked();

/**
 * Devices that may be due to move down a tier. Each row is compared with its
 * own thresholds, which no index can bound, so this reads the whole fleet.
 * Indexed due times (stored generated columns) made it a range read, but
 * every heartbeat flush then updated two more indexes per device, and
 * saturated heartbeats fell (docs/BENCHMARKS.md, first round): a steady cost
 * per heartbeat for a saving every 10 s.
 */
export async function findMonitorCandidates(db: Db, now: Date): Promise<number[]> {
  const rows = await db('devices')
    .whereNull('deleted_at')
    .where((w) =>
      w
        .where((c) =>
          c
            .where('status', 'connected')
            .whereRaw('last_heartbeat_at < DATE_SUB(?, INTERVAL offline_after_seconds SECOND)', [now]),
        )
        .orWhere((t) =>
          t
            .where('status', 'temporarily_offline')
            .whereRaw('last_heartbeat_at < DATE_SUB(?, INTERVAL disconnect_after_seconds SECOND)', [now]),
        ),
    )
    .orderBy('id')
    .select('id');
  return rows.map((row) => Number(row.id));
}

export async function insertStatusEvent(trx: Trx, event: Omit<StatusEventRow, 'id'>): Promise<void> {
  await trx('device_status_events').insert(event);
}

export async function listStatusEvents(
  db: Db,
  deviceId: number,
  page: number,
  perPage: number,
): Promise<{ rows: StatusEventRow[]; total: number }> {
  const [{ total }] = await db('device_status_events').where({ device_id: deviceId }).count({ total: '*' });
  const rows = await db<StatusEventRow>('device_status_events')
    .where({ device_id: deviceId })
    .orderBy('id', 'desc')
    .limit(perPage)
    .offset((page - 1) * perPage);
  return { rows, total: Number(total) };
}

export async function countDevicesByStatus(db: Db): Promise<Record<string, number>> {
  const rows: { status: string; n: number | string }[] = await db('devices')
    .whereNull('deleted_at')
    .groupBy('status')
    .select('status')
    .count({ n: '*' });
  return Object.fromEntries(rows.map((row) => [row.status, Number(row.n)]));
}

/** Devices a heartbeat has not been heard from within their interval: the external ping service checks them. */
export async function findDevicesNeedingPing(db: Db, now: Date, limit: number): Promise<DeviceRow[]> {
  return live(db)
    .where((w) =>
      w
        .whereNull('last_heartbeat_at')
        .orWhereRaw('last_heartbeat_at < DATE_SUB(?, INTERVAL heartbeat_interval_seconds SECOND)', [now]),
    )
    .orderBy('id')
    .limit(limit);
}
