import type { Knex } from 'knex';
import type { Db, Trx } from '../db/knex';
import { rowsWithEmployee } from '../users/repository';
import type { AttendanceSource, AttendanceStatus, AttendanceView } from './types';

export interface HistoryFilter {
  date_from?: string;
  date_to?: string;
  user_id?: number;
  status?: AttendanceStatus;
  q?: string;
  missing_check_out?: boolean;
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
  return rowsWithEmployee(db, 'attendances', 'a')
    .leftJoin('devices as d', 'd.id', 'a.device_id')
    .select(
      'a.date',
      'a.check_in_at',
      'a.check_out_at',
      'a.status',
      'a.duration_minutes',
      'a.device_id',
      'd.name as device_name',
      'a.source',
      'a.version',
      'a.missing_check_out',
      'a.late_minutes',
      'a.early_leave_minutes',
    );
}

function applyFilter(query: Knex.QueryBuilder, filter: HistoryFilter): Knex.QueryBuilder {
  if (filter.date_from) query.where('a.date', '>=', filter.date_from);
  if (filter.date_to) query.where('a.date', '<=', filter.date_to);
  if (filter.user_id) query.where('a.user_id', filter.user_id);
  if (filter.status) query.where('a.status', filter.status);
  if (filter.missing_check_out !== undefined) query.where('a.missing_check_out', filter.missing_check_out);
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
    late_minutes: number;
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

export async function recordCheckOut(
  trx: Trx,
  id: number,
  checkOut: { at: Date; duration_minutes: number; early_leave_minutes: number },
): Promise<void> {
  const { at, ...judged } = checkOut;
  await trx('attendances')
    .where({ id })
    .update({ ...judged, check_out_at: at, missing_check_out: false, updated_at: at, version: trx.raw('version + 1') });
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

/** The times an admin (or an approved correction) writes; status and duration follow from them. */
export interface AttendanceTimes {
  check_in_at: Date;
  check_out_at: Date | null;
  status: AttendanceStatus;
  late_minutes: number;
  duration_minutes: number | null;
  early_leave_minutes: number | null;
  missing_check_out: boolean;
}

export async function insertByAdmin(trx: Trx, row: AttendanceTimes & { user_id: number; date: string }, at: Date) {
  const [id] = await trx('attendances').insert({
    ...row,
    source: 'admin',
    device_id: null,
    created_at: at,
    updated_at: at,
  });
  return Number(id);
}

export async function updateTimes(trx: Trx, id: number, times: AttendanceTimes, at: Date): Promise<void> {
  await trx('attendances')
    .where({ id })
    .update({ ...times, updated_at: at, version: trx.raw('version + 1') });
}

export const lockAttendance = (trx: Trx, id: number) =>
  trx('attendances').where({ id }).forUpdate().first('id', 'user_id', 'date') as Promise<
    { id: number; user_id: number; date: string } | undefined
  >;

export const lockAttendanceOfDay = (trx: Trx, userId: number, date: string) =>
  trx('attendances').where({ user_id: userId, date }).forUpdate().first('id') as Promise<{ id: number } | undefined>;

/** Open attendances of days that have ended and are not flagged yet, oldest first. */
export const findForgottenCheckOuts = (db: Db, today: string, limit: number): Promise<number[]> =>
  db('attendances')
    .where('date', '<', today)
    .whereNull('check_out_at')
    .where('missing_check_out', false)
    .orderBy('id')
    .limit(limit)
    .pluck('id');

/** Flags them, each with a new version; answers the ids it flagged (a check-out written meanwhile is not). */
export async function flagMissingCheckOuts(trx: Trx, ids: number[], at: Date): Promise<number[]> {
  const still: number[] = await trx('attendances')
    .whereIn('id', ids)
    .whereNull('check_out_at')
    .where('missing_check_out', false)
    .forUpdate()
    .pluck('id');
  if (still.length > 0)
    await trx('attendances')
      .whereIn('id', still)
      .update({ missing_check_out: true, updated_at: at, version: trx.raw('version + 1') });
  return still;
}

export const listDayByIds = (db: Db | Trx, ids: number[]): Promise<AttendanceView[]> =>
  viewQuery(db).whereIn('a.id', ids).orderBy('a.id');

/** Active employees with neither an attendance nor an absence on the day, by name. */
export const listNotCheckedIn = (
  db: Db,
  date: string,
): Promise<{ id: number; name: string; employee_code: string }[]> =>
  db('users as u')
    .where({ 'u.active': true, 'u.role': 'employee' })
    .whereNotExists((q) => q.select(1).from('attendances as a').whereRaw('a.user_id = u.id').where('a.date', date))
    .whereNotExists((q) =>
      q
        .select(1)
        .from('absences as ab')
        .whereRaw('ab.user_id = u.id')
        .where('ab.date_from', '<=', date)
        .where('ab.date_to', '>=', date),
    )
    .orderBy('u.name')
    .select('u.id', 'u.name', 'u.employee_code');
