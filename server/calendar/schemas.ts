import { z } from 'zod';
import { calendarDay } from '../http/params';
import { id, instant } from '../http/schemas';
import { HOLIDAY_KINDS } from './types';

export const holidayJson = z
  .object({ id, date: calendarDay, name: z.string(), kind: z.enum(HOLIDAY_KINDS), created_at: instant })
  .meta({ id: 'Holiday' });

/** What an import did: dates new to the calendar, and dates already there that took the new name and kind. */
export const holidayImportJson = z.object({ created: z.number().int().min(0), updated: z.number().int().min(0) });
