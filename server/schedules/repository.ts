import type { Weekday } from '../calendar/types';
import type { Db, Trx } from '../db/knex';
import type { UserRow } from '../users/types';
import type { WorkSchedule } from './rules';

interface ScheduleRow {
  id: number;
  name: string;
  work_start: string;
  work_end: string;
  late_tolerance_minutes: number;
  work_days: string;
  crosses_midnight: number | boolean;
}

export type ScheduleWrite = Omit<WorkSchedule, 'id'>;
/** A schedule admins made, as opposed to the config's default. */
export type NamedSchedule = WorkSchedule & { id: number };

const COLUMNS = [
  'id',
  'name',
  'work_start',
  'work_end',
  'late_tolerance_minutes',
  'work_days',
  'crosses_midnight',
] as const;

// TIME columns read as HH:MM:SS; a schedule is written and shown as HH:MM.
const toSchedule = (row: ScheduleRow): NamedSchedule => ({
  id: row.id,
  name: row.name,
  work_start: row.work_start.slice(0, 5),
  work_end: row.work_end.slice(0, 5),
  late_tolerance_minutes: row.late_tolerance_minutes,
  work_days: row.work_days.split(',') as Weekday[],
  crosses_midnight: Boolean(row.crosses_midnight),
});

const toRow = (schedule: Partial<ScheduleWrite>) => ({
  ...schedule,
  ...(schedule.work_days ? { work_days: schedule.work_days.join(',') } : {}),
});

export const listSchedules = async (db: Db): Promise<NamedSchedule[]> =>
  (
    await db<ScheduleRow>('schedules')
      .orderBy('name')
      .select(...COLUMNS)
  ).map(toSchedule);

export async function findSchedule(db: Db | Trx, id: number): Promise<NamedSchedule | undefined> {
  const row = await db<ScheduleRow>('schedules')
    .where({ id })
    .first(...COLUMNS);
  return row ? toSchedule(row) : undefined;
}

/** The schedules the given users follow; a user without one follows the org default, which is not in the map. */
export async function schedulesOfUsers(db: Db | Trx, userIds: number[]): Promise<Map<number, WorkSchedule>> {
  if (userIds.length === 0) return new Map();
  const rows: (ScheduleRow & { user_id: number })[] = await db('users as u')
    .join('schedules as s', 's.id', 'u.schedule_id')
    .whereIn('u.id', userIds)
    .select('u.id as user_id', ...COLUMNS.map((c) => `s.${c}`));
  return new Map(rows.map((row) => [row.user_id, toSchedule(row)]));
}

/** A user as an employee code names them, with what judging their check-in needs: their own schedule (null: the org default) and which of `days` are holidays. */
export interface UserWithCalendar {
  user: UserRow;
  schedule: NamedSchedule | null;
  holidays: Set<string>;
}

/**
 * The user, their schedule and the holidays among `days` in one statement.
 * A kiosk's check-in needs all three before it can judge late; read apart
 * they were three statements and two sequential round trips, a measurable
 * share of a check-in's CPU (docs/BENCHMARKS.md, tenth round).
 */
export async function findUserWithCalendar(
  db: Db,
  employeeCode: string,
  days: string[],
): Promise<UserWithCalendar | undefined> {
  const row: (UserRow & Record<string, unknown>) | undefined = await db('users as u')
    .leftJoin('schedules as s', 's.id', 'u.schedule_id')
    .where('u.employee_code', employeeCode)
    .first(
      'u.*',
      ...COLUMNS.map((column) => `s.${column} as schedule__${column}`),
      db.raw(
        `(SELECT GROUP_CONCAT(h.date) FROM holidays AS h WHERE h.date IN (${days.map(() => '?').join(', ')})) AS holiday_dates`,
        days,
      ),
    );
  if (!row) return undefined;
  const user: Record<string, unknown> = {};
  const schedule: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(row)) {
    if (key.startsWith('schedule__')) schedule[key.slice('schedule__'.length)] = value;
    else if (key !== 'holiday_dates') user[key] = value;
  }
  const holidayDates = row.holiday_dates as string | null;
  return {
    user: user as unknown as UserRow,
    schedule: schedule.id === null ? null : toSchedule(schedule as unknown as ScheduleRow),
    holidays: new Set(holidayDates ? holidayDates.split(',') : []),
  };
}

export async function insertSchedule(db: Db, schedule: ScheduleWrite): Promise<number> {
  const [id] = await db('schedules').insert(toRow(schedule));
  return Number(id);
}

export async function updateSchedule(db: Db, id: number, schedule: Partial<ScheduleWrite>, at: Date): Promise<void> {
  await db('schedules')
    .where({ id })
    .update({ ...toRow(schedule), updated_at: at });
}

export const deleteSchedule = (db: Db, id: number) => db('schedules').where({ id }).delete();

export const countUsersOnSchedule = async (db: Db, id: number) =>
  Number((await db('users').where({ schedule_id: id }).count({ n: '*' }).first())?.n ?? 0);
