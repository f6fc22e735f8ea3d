import type { Knex } from 'knex';
import type { Db, Trx } from '../db/knex';
import type { AttendanceSource, AttendanceStatus, AttendanceView } from './types';

export interface HistoryFilter {
  date_from?: string;
  date_to?: string;
  user_id?: number;
  status?: AttendanceStatus;
  q?: string;
}

export const SORTABLE = {
  date: 'a.date',
  check_in_at: 'a.check_in_at',
  check_out_at: 'a.check_out_at',
  name: 'u.name',
  employee_code: 'u.employee_code',
  status: 'a.status',
  duration_minutes: 'a.duration_minutes',
} as const;
export type SortField = keyof typeof SORTABLE;

function viewQuery(db: Db | Trx): Knex.QueryBuilder {
  return db('attendances as a')
    .join('users as u', 'u.id', 'a.user_id')
    .leftJoin('devices as d', 'd.id', 'a.device_id')
    .select(
      'a.id',
      'a.user_id',
      'u.name as user_name',
      'u.employee_code as user_employee_code',
      'a.date',
      'a.check_in_at',
      'a.check_out_at',
      'a.status',
      'a.duration_minutes',
      'a.device_id',
      'd.name as device_name',
      'a.source',
      'a.version',
    );
}

function applyFilter(query: Knex.QueryBuilder, filter: HistoryFilter): Knex.QueryBuilder {
  if (filter.date_from) query.where('a.date', '>=', filter.date_from);
  if (filter.date_to) query.where('a.date', '<=', filter.date_to);
  if (filter.user_id) query.where('a.user_id', filter.user_id);
  if (filter.status) query.where('a.status', filter.status);
  if (filter.q) {
    const like = `%${filter.q.replace(/[\\%_]/g, '\\$&')}%`;
    query.where((w) => w.where('u.name', 'like', like).orWhere('u.employee_code', 'like', like));
  }
  return query;
}

export async function findAttendanceView(db: Db | Trx, id: number): Promise<AttendanceView> {
  return viewQuery(db).where('a.id', id).first();
}

export async function insertCheckIn(
  trx: Trx,
  row: {
    user_id: number;
    date: string;
    check_in_at: Date;
    status: AttendanceStatus;
    source: AttendanceSource;
    device_id: number | null;
  },
): Promise<number> {
  const [id] = await trx('attendances').insert({ ...row, created_at: row.check_in_at, updated_at: row.check_in_at });
  return Number(id);
}

/** Locks the day's row so two simultaneous check-outs cannot both write it. */
export async function lockDayAttendance(
  trx: Trx,
  userId: number,
  date: string,
): Promise<{ id: number; check_in_at: Date; check_out_at: Date | null } | undefined> {
  return trx('attendances').where({ user_id: userId, date }).forUpdate().first('id', 'check_in_at', 'check_out_at');
}

export async function recordCheckOut(trx: Trx, id: number, at: Date, durationMinutes: number): Promise<void> {
  await trx('attendances')
    .where({ id })
    .update({ check_out_at: at, duration_minutes: durationMinutes, updated_at: at, version: trx.raw('version + 1') });
}

export async function listDay(db: Db, date: string): Promise<AttendanceView[]> {
  return viewQuery(db).where('a.date', date).orderBy('a.check_in_at', 'desc').orderBy('a.id', 'desc');
}

export async function listHistory(
  db: Db,
  filter: HistoryFilter,
  sort: { field: SortField; order: 'asc' | 'desc' },
  page: number,
  perPage: number,
): Promise<{ rows: AttendanceView[]; total: number }> {
  const countQuery = applyFilter(db('attendances as a').join('users as u', 'u.id', 'a.user_id'), filter);
  const [{ total }] = await countQuery.count({ total: '*' });
  const rows = await applyFilter(viewQuery(db), filter)
    .orderBy(SORTABLE[sort.field], sort.order)
    .orderBy('a.check_in_at', 'desc')
    .orderBy('a.id', 'desc')
    .limit(perPage)
    .offset((page - 1) * perPage);
  return { rows, total: Number(total) };
}
