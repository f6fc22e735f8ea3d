import type { z } from 'zod';
import type { AbsenceKind } from '../absences/types';
import type { AttendanceStatus } from '../attendance/types';
import { weekdayOf } from '../calendar/working-day';
import type { WorkSchedule } from '../schedules/rules';
import type { monthlyRecapJson, recapRowJson, recapTotalsJson } from './schemas';

/** One code per day, as Indonesian HR offices write a rekap absensi. */
export const DAY_CODES = {
  present: 'H',
  late: 'T',
  izin: 'I',
  sakit: 'S',
  cuti: 'C',
  dinas_luar: 'DL',
  wfh: 'WFH',
  alpa: 'A',
  off: 'L',
  none: '-',
} as const;
type DayCode = (typeof DAY_CODES)[keyof typeof DAY_CODES];

interface RecapEmployee {
  id: number;
  name: string;
  employee_code: string;
  /** The org-local day the account was created: before it nobody is alpa. */
  first_day: string;
  schedule: WorkSchedule;
}

export interface RecapAttendance {
  user_id: number;
  date: string;
  status: AttendanceStatus;
  late_minutes: number;
  early_leave_minutes: number | null;
  duration_minutes: number | null;
}

export interface RecapAbsence {
  user_id: number;
  date_from: string;
  date_to: string;
  kind: AbsenceKind;
}

export type RecapTotals = z.output<typeof recapTotalsJson>;
export type RecapRow = z.output<typeof recapRowJson>;
/** The whole month's rekap, as the API returns it and the console shows it. */
export type MonthlyRecap = z.output<typeof monthlyRecapJson>;

const emptyTotals = (): RecapTotals => ({
  hadir: 0,
  terlambat: 0,
  terlambat_menit: 0,
  pulang_cepat: 0,
  pulang_cepat_menit: 0,
  izin: 0,
  sakit: 0,
  cuti: 0,
  dinas_luar: 0,
  wfh: 0,
  alpa: 0,
  libur: 0,
  jam_kerja: 0,
});

/** Every calendar day of a month (YYYY-MM). */
export function daysOf(month: string): string[] {
  const [year, monthNumber] = month.split('-').map(Number);
  const count = new Date(Date.UTC(year!, monthNumber!, 0)).getUTCDate();
  return Array.from({ length: count }, (_, i) => `${month}-${String(i + 1).padStart(2, '0')}`);
}

/**
 * The rekap of one employee's month, day by day: an attendance is H or T
 * (also on an absence day: the check-in wins); a day off by their schedule or
 * a holiday is L, never A; an absence is its kind; a working day with nothing
 * is A once it is over, and '-' while it is today or still to come, or before
 * the employee's first day.
 */
export function recapRow(
  employee: RecapEmployee,
  days: string[],
  today: string,
  facts: { attendances: Map<string, RecapAttendance>; absences: RecapAbsence[]; holidays: Set<string> },
): RecapRow {
  const totals = emptyTotals();
  let minutesWorked = 0;
  const codes = days.map((day): DayCode => {
    const attendance = facts.attendances.get(day);
    if (attendance) {
      totals.hadir += 1;
      if (attendance.status === 'late') {
        totals.terlambat += 1;
        totals.terlambat_menit += attendance.late_minutes;
      }
      if ((attendance.early_leave_minutes ?? 0) > 0) {
        totals.pulang_cepat += 1;
        totals.pulang_cepat_menit += attendance.early_leave_minutes!;
      }
      minutesWorked += attendance.duration_minutes ?? 0;
      return attendance.status === 'late' ? DAY_CODES.late : DAY_CODES.present;
    }
    if (facts.holidays.has(day) || !employee.schedule.work_days.includes(weekdayOf(day))) {
      totals.libur += 1;
      return DAY_CODES.off;
    }
    if (day < employee.first_day) return DAY_CODES.none;
    const absence = facts.absences.find((a) => a.date_from <= day && day <= a.date_to);
    if (absence) {
      totals[absence.kind] += 1;
      return DAY_CODES[absence.kind];
    }
    if (day >= today) return DAY_CODES.none;
    totals.alpa += 1;
    return DAY_CODES.alpa;
  });
  totals.jam_kerja = Math.round(minutesWorked / 6) / 10;
  return {
    user: { id: employee.id, name: employee.name, employee_code: employee.employee_code },
    schedule: { id: employee.schedule.id, name: employee.schedule.name },
    codes,
    totals,
  };
}

export function sumTotals(rows: RecapRow[]): RecapTotals {
  const sum = emptyTotals();
  for (const row of rows) for (const key of Object.keys(sum) as (keyof RecapTotals)[]) sum[key] += row.totals[key];
  sum.jam_kerja = Math.round(sum.jam_kerja * 10) / 10;
  return sum;
}
