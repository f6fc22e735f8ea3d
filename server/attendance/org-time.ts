import { TZDate } from '@date-fns/tz';
import { format } from 'date-fns';
import type { Config } from '../config';

type LateRule = Pick<Config['org'], 'timezone' | 'workStart' | 'lateToleranceMinutes'>;

/** "Today" is always the org-local calendar day, whatever the server's own time zone. */
export const orgDate = (at: Date, timezone: string): string => format(new TZDate(at, timezone), 'yyyy-MM-dd');

export const orgClockTime = (at: Date, timezone: string): string => format(new TZDate(at, timezone), 'HH:mm:ss');

/** Late means checking in after work start plus the tolerance, on the org-local day of the check-in. */
export function isLate(at: Date, org: LateRule): boolean {
  const local = new TZDate(at, org.timezone);
  const [hours, minutes] = org.workStart.split(':').map(Number);
  const deadline = new TZDate(
    local.getFullYear(),
    local.getMonth(),
    local.getDate(),
    hours,
    minutes + org.lateToleranceMinutes,
    0,
    org.timezone,
  );
  return at.getTime() > deadline.getTime();
}

export const minutesBetween = (from: Date, to: Date): number =>
  Math.max(0, Math.floor((to.getTime() - from.getTime()) / 60_000));

/**
 * The instant an org-local wall-clock time on an org-local day names
 * (jam_masuk "08:05" on "2026-12-01" in Asia/Jakarta), as an admin or a
 * correction request writes it.
 */
export function orgInstant(date: string, clockTime: string, timezone: string): Date {
  const [year, month, day] = date.split('-').map(Number);
  const [hours, minutes, seconds = 0] = clockTime.split(':').map(Number);
  return new Date(new TZDate(year!, month! - 1, day!, hours!, minutes!, seconds, timezone).getTime());
}

/** The calendar day `by` days after (or before) `date`, whatever the time zone. */
export const shiftDays = (date: string, by: number) => {
  const [year, month, day] = date.split('-').map(Number);
  return new Date(Date.UTC(year!, month! - 1, day! + by)).toISOString().slice(0, 10);
};

/** The calendar day after `date` (YYYY-MM-DD), whatever the time zone. */
export const nextDay = (date: string) => shiftDays(date, 1);

/** The calendar day before `date`. */
export const previousDay = (date: string) => shiftDays(date, -1);
