import { orgDate } from '../attendance/org-time';
import { listHolidaysBetween } from '../calendar/repository';
import type { Config } from '../config';
import type { Db } from '../db/knex';
import { ValidationError } from '../errors';
import { schedulesOfUsers } from '../schedules/repository';
import { defaultSchedule } from '../schedules/service';
import { daysOf, type MonthlyRecap, type RecapAbsence, type RecapAttendance, recapRow, sumTotals } from './monthly';
import { listMonthAbsences, listMonthAttendances, listRecapEmployees } from './repository';

const groupBy = <T, K>(items: T[], key: (item: T) => K) => {
  const groups = new Map<K, T[]>();
  for (const item of items) groups.set(key(item), [...(groups.get(key(item)) ?? []), item]);
  return groups;
};

/**
 * The monthly rekap absensi, the input to payroll: five reads for the whole
 * month (employees, their schedules, attendances, absences, holidays), then
 * the table in memory.
 */
export function createReportService(deps: { db: Db; clock: () => Date; config: Pick<Config, 'org'> }) {
  const { db, clock, config } = deps;
  const timezone = config.org.timezone;

  return {
    async monthly(month: string): Promise<MonthlyRecap> {
      const today = orgDate(clock(), timezone);
      if (month > today.slice(0, 7))
        throw new ValidationError([{ path: 'month', message: 'must not be after this month' }]);
      const days = daysOf(month);
      const [from, to] = [days[0]!, days.at(-1)!];
      const [employees, attendances, absences, holidays] = await Promise.all([
        listRecapEmployees(db, from, to),
        listMonthAttendances(db, from, to),
        listMonthAbsences(db, from, to),
        listHolidaysBetween(db, from, to),
      ]);
      const schedules = await schedulesOfUsers(
        db,
        employees.map((e) => e.id),
      );
      const attendancesOf = groupBy(attendances, (a: RecapAttendance) => a.user_id);
      const absencesOf = groupBy(absences, (a: RecapAbsence) => a.user_id);
      const holidayDays = new Set(holidays.map((h) => h.date));
      const rows = employees.map((employee) =>
        recapRow(
          {
            ...employee,
            first_day: orgDate(employee.created_at, timezone),
            schedule: schedules.get(employee.id) ?? defaultSchedule(config.org),
          },
          days,
          today,
          {
            attendances: new Map((attendancesOf.get(employee.id) ?? []).map((a) => [a.date, a])),
            absences: absencesOf.get(employee.id) ?? [],
            holidays: holidayDays,
          },
        ),
      );
      return {
        month,
        days,
        holidays: holidays.map((h) => ({ date: h.date, name: h.name })),
        rows,
        totals: sumTotals(rows),
      };
    },
  };
}

export type ReportService = ReturnType<typeof createReportService>;
