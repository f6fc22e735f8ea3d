import { WEEKDAYS, type Weekday } from './types';

/** The weekday of a calendar day (no time zone involved: the day is already org-local). */
export function weekdayOf(date: string): Weekday {
  const [year, month, day] = date.split('-').map(Number);
  const sundayFirst = new Date(Date.UTC(year!, month! - 1, day!)).getUTCDay();
  return WEEKDAYS[(sundayFirst + 6) % 7]!;
}

/** A working day is one of WORK_DAYS that is not a holiday: on any other day nobody is "belum absen". */
export const isWorkingDay = (date: string, workDays: readonly Weekday[], holiday: unknown | null): boolean =>
  holiday === null && workDays.includes(weekdayOf(date));
