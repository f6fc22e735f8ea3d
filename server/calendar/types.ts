import type { z } from 'zod';
import type { holidayJson } from './schemas';

export const HOLIDAY_KINDS = ['national', 'cuti_bersama', 'company'] as const;
export type HolidayKind = (typeof HOLIDAY_KINDS)[number];

/** Weekday names as WORK_DAYS takes them, Monday first (ISO 8601: Monday is 1). */
export const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
export type Weekday = (typeof WEEKDAYS)[number];

export interface HolidayRow {
  id: number;
  date: string;
  name: string;
  kind: HolidayKind;
  created_at: Date;
}

export type HolidayJson = z.output<typeof holidayJson>;

export const toHolidayJson = (row: HolidayRow): HolidayJson => ({
  id: row.id,
  date: row.date,
  name: row.name,
  kind: row.kind,
  created_at: row.created_at.toISOString(),
});
