import { z } from 'zod';
import { WEEKDAYS } from '../calendar/types';
import { id } from '../http/schemas';

/** An org-local time of a schedule, as admins write it and the API shows it. */
export const hhmm = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'expected HH:MM (24 h)');

const fields = {
  name: z.string(),
  work_start: hhmm,
  work_end: hhmm,
  late_tolerance_minutes: z.number().int().min(0),
  work_days: z.array(z.enum(WEEKDAYS)).meta({ description: 'Monday first' }),
  crosses_midnight: z.boolean(),
};

export const scheduleJson = z.object({ id, ...fields }).meta({ id: 'Schedule' });

/** The config's schedule (WORK_START, WORK_END, LATE_TOLERANCE_MINUTES, WORK_DAYS): everyone without one follows it. */
export const defaultScheduleJson = z.object({ id: z.null(), ...fields }).meta({ id: 'DefaultSchedule' });
