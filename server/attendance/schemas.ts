import { z } from 'zod';
import { absenceJson } from '../absences/schemas';
import { holidayJson } from '../calendar/schemas';
import { clockTime } from '../http/clock-time';
import { pageMetaJson } from '../http/pagination';
import { calendarDay } from '../http/params';
import { employeeRef, id, instant, named } from '../http/schemas';
import { ATTENDANCE_SOURCES, ATTENDANCE_STATUSES } from './types';

const minutes = z.number().int().min(0);

/** The Attendance JSON every client reads: jam_* are org-local wall-clock times, *_at are ISO-8601 UTC. */
export const attendanceJson = z
  .object({
    id,
    user: employeeRef,
    date: calendarDay.meta({ description: 'The org-local day of the shift (its start day when it crosses midnight)' }),
    jam_masuk: clockTime,
    jam_pulang: clockTime.nullable(),
    check_in_at: instant,
    check_out_at: instant.nullable(),
    status: z.enum(ATTENDANCE_STATUSES),
    duration_minutes: minutes.nullable(),
    device: named.nullable().meta({ description: 'The kiosk it was recorded at' }),
    source: z.enum(ATTENDANCE_SOURCES),
    version: z.number().int().min(1),
    missing_check_out: z
      .boolean()
      .meta({ description: 'The org-local day ended with no check-out; nothing invents one' }),
    late_minutes: minutes.meta({
      description: 'Minutes after work start, by the schedule in force at the check-in; 0 when on time',
    }),
    early_leave_minutes: minutes
      .nullable()
      .meta({ description: "Minutes before the shift's end at the check-out (pulang cepat); null while open" }),
  })
  .meta({ id: 'Attendance' });

/** One correction of an attendance: who, when, why, and the attendance before (null when created) and after. */
export const auditEntryJson = z
  .object({
    id,
    attendance_id: id,
    actor: named,
    at: instant,
    reason: z.string(),
    before: attendanceJson.nullable(),
    after: attendanceJson,
  })
  .meta({ id: 'AttendanceAuditEntry' });

/** Today's list says which day it is and who is missing, so a page can patch it with live events. */
export const todayMetaJson = z.object({
  date: calendarDay,
  timezone: z.string(),
  server_time: instant,
  active_employees: z.number().int().min(0),
  last_event_id: z.number().int().min(0).meta({ description: 'Catch up with GET /api/admin/events?after= this' }),
  working_day: z.boolean(),
  holiday: holidayJson.nullable(),
  absences: z.array(absenceJson.pick({ id: true, user: true, kind: true, date_from: true, date_to: true, note: true })),
  not_checked_in: z
    .array(employeeRef)
    .meta({ description: 'On a working day, the active employees with neither attendance nor absence, by name' }),
});

/** An employee's own page: which org-local day is today, so it can show the current state. */
export const mineMetaJson = pageMetaJson.extend({ today: calendarDay, timezone: z.string(), server_time: instant });
