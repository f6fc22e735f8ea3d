import type { Db, Trx } from '../db/knex';
import type { PunchEntry, PunchRecord, PunchRow } from './types';

const RECORD_COLUMNS = ['client_id', 'result', 'code', 'attendance_id'] as const;

/** What this device's earlier batches made of any of these entries. */
export async function findPunches(db: Db, deviceId: number, clientIds: string[]): Promise<Map<string, PunchRecord>> {
  const rows: PunchRecord[] = await db('kiosk_punches')
    .where('device_id', deviceId)
    .whereIn('client_id', [...new Set(clientIds)])
    .select(...RECORD_COLUMNS);
  return new Map(rows.map((row) => [row.client_id, row]));
}

export const findPunch = (db: Db, deviceId: number, clientId: string): Promise<PunchRecord> =>
  db('kiosk_punches')
    .where({ device_id: deviceId, client_id: clientId })
    .first(...RECORD_COLUMNS);

/** The unique (device_id, client_id) refuses a second row for one entry: ER_DUP_ENTRY, which callers read as a duplicate. */
export async function insertPunch(
  db: Db | Trx,
  deviceId: number,
  entry: Omit<PunchEntry, 'pin'>,
  outcome: Omit<PunchRecord, 'client_id'>,
  receivedAt: Date,
): Promise<void> {
  await db('kiosk_punches').insert({
    device_id: deviceId,
    client_id: entry.client_id,
    employee_code: entry.employee_code,
    kind: entry.kind,
    at: entry.at,
    ...outcome,
    received_at: receivedAt,
  });
}

/** One device's received entries, newest first, with the employee their code names (if any). */
export async function listPunches(
  db: Db,
  deviceId: number,
  filter: { result?: PunchRecord['result'] },
  page: number,
  perPage: number,
): Promise<{ rows: PunchRow[]; total: number }> {
  const base = () => {
    const query = db('kiosk_punches as p').where('p.device_id', deviceId);
    if (filter.result) query.where('p.result', filter.result);
    return query;
  };
  const [{ total }] = await base().count({ total: '*' });
  const rows = await base()
    .leftJoin('users as u', 'u.employee_code', 'p.employee_code')
    .select('p.*', 'u.id as user_id', 'u.name as user_name')
    .orderBy('p.id', 'desc')
    .limit(perPage)
    .offset((page - 1) * perPage);
  return { rows, total: Number(total) };
}
