import { TZDate } from '@date-fns/tz';
import { format } from 'date-fns';
import { nextDay } from '../attendance/org-time';
import type { Weekday } from '../calendar/types';

/** When someone works: the org default (from config) or a named schedule. Times are org-local HH:MM. */
export interface WorkSchedule {
  id: number | null;
  name: string;
  work_start: string;
  work_end: string;
  late_tolerance_minutes: number;
  work_days: Weekday[];
  crosses_midnight: boolean;
}

const HOUR_MS = 3600_000;

/** The org-local instant of a wall-clock time on a calendar day. */
function at(day: string, clockTime: string, timezone: string): Date {
  const [year, month, date] = day.split('-').map(Number);
  const [hours, minutes, seconds = 0] = clockTime.split(':').map(Number);
  return new Date(new TZDate(year!, month! - 1, date!, hours!, minutes!, seconds, timezone).getTime());
}

const calendarDay = (instant: Date, timezone: string) => format(new TZDate(instant, timezone), 'yyyy-MM-dd');

/**
 * The day an attendance belongs to. For a day schedule it is the org-local
 * calendar day. A shift that crosses midnight owns the 24 hours from twelve
 * hours before its start, so a 22:00–06:00 shift checked in at 22:05 and out
 * at 06:02 the next morning is one attendance, dated the first day, and a
 * check-in at 00:30 is that shift's, late.
 */
export function shiftDay(instant: Date, schedule: WorkSchedule, timezone: string): string {
  if (!schedule.crosses_midnight) return calendarDay(instant, timezone);
  const [startHours, startMinutes] = schedule.work_start.split(':').map(Number);
  const lead = (12 - startHours! - startMinutes! / 60) * HOUR_MS;
  return calendarDay(new Date(instant.getTime() + lead), timezone);
}

/** The shift's end: on the next calendar day for a shift that crosses midnight. */
function workEnd(day: string, schedule: WorkSchedule, timezone: string): Date {
  const endDay = schedule.crosses_midnight ? nextDay(day) : day;
  return at(endDay, schedule.work_end, timezone);
}

const wholeMinutes = (ms: number) => Math.floor(ms / 60_000);

/**
 * Minutes late, counted from work start; 0 when the check-in is within the
 * tolerance (08:15:00 is on time with 08:00 and 15 minutes, 08:15:01 is 15
 * minutes late).
 */
export function lateMinutes(checkIn: Date, day: string, schedule: WorkSchedule, timezone: string): number {
  const start = at(day, schedule.work_start, timezone);
  const deadline = start.getTime() + schedule.late_tolerance_minutes * 60_000;
  return checkIn.getTime() > deadline ? Math.max(1, wholeMinutes(checkIn.getTime() - start.getTime())) : 0;
}

/** Minutes left before the shift's end when someone leaves early (pulang cepat); 0 otherwise. */
export function earlyLeaveMinutes(checkOut: Date, day: string, schedule: WorkSchedule, timezone: string): number {
  const end = workEnd(day, schedule, timezone).getTime();
  return checkOut.getTime() < end ? Math.max(1, Math.ceil((end - checkOut.getTime()) / 60_000)) : 0;
}
