import { z } from 'zod';
import { calendarDay } from '../http/params';
import { employeeRef, id, instant, named } from '../http/schemas';
import { ABSENCE_KINDS } from './types';

/** Izin, sakit, cuti, dinas luar or WFH of one person, over a range of days (both inclusive). */
export const absenceJson = z
  .object({
    id,
    user: employeeRef,
    date_from: calendarDay,
    date_to: calendarDay,
    kind: z.enum(ABSENCE_KINDS),
    note: z.string().nullable(),
    created_by: named.nullable().meta({ description: 'The admin who recorded it' }),
    created_at: instant,
    updated_at: instant,
    version: z.number().int().min(1),
  })
  .meta({ id: 'Absence' });
