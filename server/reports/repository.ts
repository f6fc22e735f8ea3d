import type { Db } from '../db/knex';
import type { RecapAbsence, RecapAttendance } from './monthly';

/** The employees a month's rekap lists: the active ones, and those deactivated since who worked that month. */
export const listRecapEmployees = (db: Db, from: string, to: string) =>
  db('users as u')
    .where('u.role', 'employee')
    .where((w) =>
      w
        .where('u.active', true)
        .orWhereExists((q) =>
          q.select(1).from('attendances as a').whereRaw('a.user_id = u.id').whereBetween('a.date', [from, to]),
        ),
    )
    .orderBy('u.employee_code')
    .select('u.id', 'u.name', 'u.employee_code', 'u.created_at') as Promise<
    { id: number; name: string; employee_code: string; created_at: Date }[]
  >;

export const listMonthAttendances = (db: Db, from: string, to: string): Promise<RecapAttendance[]> =>
  db('attendances')
    .whereBetween('date', [from, to])
    .select('user_id', 'date', 'status', 'late_minutes', 'early_leave_minutes', 'duration_minutes');

export const listMonthAbsences = (db: Db, from: string, to: string): Promise<RecapAbsence[]> =>
  db('absences')
    .where('date_from', '<=', to)
    .where('date_to', '>=', from)
    .select('user_id', 'date_from', 'date_to', 'kind');
