import { z } from 'zod';
import { clockTime } from '../http/clock-time';
import { calendarDay } from '../http/params';
import { employeeRef, id, instant, named } from '../http/schemas';
import { CORRECTION_STATUSES } from './types';

/** An employee's request to fix their attendance of a day, and what an admin decided. */
export const correctionJson = z
  .object({
    id,
    user: employeeRef,
    date: calendarDay,
    jam_masuk: clockTime.nullable(),
    jam_pulang: clockTime.nullable(),
    reason: z.string(),
    status: z.enum(CORRECTION_STATUSES),
    decided_by: named.nullable(),
    decided_at: instant.nullable(),
    decision_reason: z.string().nullable(),
    attendance_id: id.nullable().meta({ description: 'The attendance an approval wrote' }),
    created_at: instant,
    version: z.number().int().min(1),
  })
  .meta({ id: 'Correction' });
