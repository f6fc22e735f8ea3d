import type { z } from 'zod';
import { listAbsencesOn } from '../absences/repository';
import { toAbsenceJson } from '../absences/types';
import type { FailureLimiter } from '../auth/failure-limiter';
import { verifyPin } from '../auth/secrets';
import { findHolidayOn } from '../calendar/repository';
import { toHolidayJson } from '../calendar/types';
import { isWorkingDay } from '../calendar/working-day';
import type { Clock } from '../clock';
import type { Config } from '../config';
import { type Db, isDuplicateKey, type Trx } from '../db/knex';
import { ConflictError, ForbiddenError, UnauthorizedError } from '../errors';
import type { EventPublisher } from '../events/publisher';
import { latestEventId } from '../events/repository';
import { commitChange } from '../events/transaction';
import { pageMeta } from '../http/pagination';
import { findUserWithCalendar } from '../schedules/repository';
import { earlyLeaveMinutes, lateMinutes } from '../schedules/rules';
import { type CalendarAround, daysAround, defaultSchedule, judgeInstant } from '../schedules/service';
import { countActiveEmployees } from '../users/repository';
import { minutesBetween, orgDate } from './org-time';
import { toAttendanceJson } from './presenter';
import {
  findAttendanceView,
  type HistoryFilter,
  insertCheckIn,
  listDay,
  listHistory,
  listNotCheckedIn,
  lockDayAttendance,
  recordCheckOut,
  type SortField,
} from './repository';
import type { mineMetaJson, todayMetaJson } from './schemas';
import type { AttendanceJson, AttendanceSource } from './types';

interface Deps {
  db: Db;
  clock: Clock;
  config: Pick<Config, 'org' | 'pinPepper'>;
  publisher: EventPublisher;
  pinLimiter: FailureLimiter;
}

/** Who checks in, as the session or the kiosk's PIN check already read them. */
interface Employee {
  id: number;
  name: string;
  employee_code: string;
  /** Read with the employee at a kiosk, so the check-in need not read it again. */
  calendar?: CalendarAround;
}

interface CheckInRequest {
  employee: Employee;
  source: AttendanceSource;
  device: { id: number; name: string } | null;
}

/**
 * When a check-in or check-out happened (now, unless a kiosk replays an entry
 * it stored offline) and what else commits with it: the punch a replayed entry
 * records beside its attendance change, in the same transaction.
 */
export interface PunchTime {
  at?: Date;
  alsoInTransaction?: (trx: Trx, attendance: AttendanceJson) => Promise<void>;
}

export function createAttendanceService(deps: Deps) {
  const { db, clock, config } = deps;
  const timezone = config.org.timezone;
  const present = (row: Parameters<typeof toAttendanceJson>[0]) => toAttendanceJson(row, timezone);

  return {
    /**
     * One attendance per employee per shift day (the org-local day, or the
     * start day of a shift that crosses midnight): the unique key decides
     * between racing nodes. Late is judged by the employee's schedule at the
     * check-in's instant.
     */
    async checkIn(
      { employee, source, device }: CheckInRequest,
      { at = clock(), alsoInTransaction }: PunchTime = {},
    ): Promise<AttendanceJson> {
      const {
        schedule,
        day: date,
        workingDay,
      } = await judgeInstant(db, config.org, employee.id, at, employee.calendar);
      const late = workingDay ? lateMinutes(at, date, schedule, timezone) : 0;
      const row = {
        user_id: employee.id,
        date,
        check_in_at: at,
        status: late > 0 ? 'late' : 'present',
        late_minutes: late,
        source,
        device_id: device?.id ?? null,
      } as const;
      return commitChange(deps, async (trx) => {
        const id = await insertCheckIn(trx, row).catch((error: unknown) => {
          if (isDuplicateKey(error)) throw new ConflictError('already_checked_in', 'Already checked in today');
          throw error;
        });
        // The view's joins would only read back what the request brought: one round trip less in the morning rush.
        const attendance = present({
          ...row,
          id,
          user_name: employee.name,
          user_employee_code: employee.employee_code,
          check_out_at: null,
          duration_minutes: null,
          device_name: device?.name ?? null,
          version: 1,
          missing_check_out: false,
          early_leave_minutes: null,
        });
        await alsoInTransaction?.(trx, attendance);
        return { result: attendance, events: [{ type: 'attendance.created', data: attendance }] };
      });
    },

    /**
     * Closes the attendance of the shift the check-out belongs to; leaving
     * before its end is pulang cepat. A check-out replayed from a kiosk's
     * queue may be for a day the scheduler already flagged as missing its
     * check-out: it is not missing any more.
     */
    async checkOut(
      { id: userId, calendar }: Pick<Employee, 'id' | 'calendar'>,
      { at = clock(), alsoInTransaction }: PunchTime = {},
    ): Promise<AttendanceJson> {
      const { schedule, day: date, workingDay } = await judgeInstant(db, config.org, userId, at, calendar);
      return commitChange(deps, async (trx) => {
        const today = await lockDayAttendance(trx, userId, date);
        if (!today) throw new ConflictError('not_checked_in', 'Not checked in today');
        if (today.check_out_at) throw new ConflictError('already_checked_out', 'Already checked out today');
        if (at < today.check_in_at)
          throw new ConflictError('check_out_before_check_in', 'The check-out is earlier than the check-in');
        await recordCheckOut(trx, today.id, {
          at,
          duration_minutes: minutesBetween(today.check_in_at, at),
          early_leave_minutes: workingDay ? earlyLeaveMinutes(at, date, schedule, timezone) : 0,
        });
        const attendance = present(await findAttendanceView(trx, today.id));
        await alsoInTransaction?.(trx, attendance);
        return { result: attendance, events: [{ type: 'attendance.updated', data: attendance }] };
      });
    },

    /**
     * A kiosk names an employee by code and PIN. Failures are counted per
     * code at the kiosk and per kiosk; an unknown code and a wrong PIN get the
     * same answer. Only employee accounts check in, as on the web. Their
     * schedule and the holidays come with them, for the check-in that follows.
     */
    async identifyAtKiosk(deviceId: number, employeeCode: string, pin: string): Promise<Employee> {
      const days = daysAround(clock(), config.org);
      const found = await deps.pinLimiter.guess(
        { source: String(deviceId), account: employeeCode },
        () => findUserWithCalendar(db, employeeCode, days),
        ({ user }) => Boolean(user.active) && verifyPin(config.pinPepper, user.pin_hash, pin),
      );
      if (!found) throw new UnauthorizedError('invalid_pin', 'Employee code or PIN is wrong');
      const { user, schedule, holidays } = found;
      if (user.role !== 'employee') throw new ForbiddenError('forbidden', 'Only employee accounts check in');
      return {
        id: user.id,
        name: user.name,
        employee_code: user.employee_code,
        calendar: { day: days[0], schedule: schedule ?? defaultSchedule(config.org), holidays },
      };
    },

    async today(): Promise<{ data: AttendanceJson[]; meta: z.output<typeof todayMetaJson> }> {
      const now = clock();
      const date = orgDate(now, timezone);
      // Read before the snapshot: replaying from here can only repeat what the snapshot has, never skip.
      const lastEventId = await latestEventId(db);
      const [rows, activeEmployees, holiday, absences] = await Promise.all([
        listDay(db, date),
        countActiveEmployees(db),
        findHolidayOn(db, date),
        listAbsencesOn(db, date),
      ]);
      const workingDay = isWorkingDay(date, config.org.workDays, holiday ?? null);
      return {
        data: rows.map(present),
        meta: {
          date,
          timezone,
          server_time: now.toISOString(),
          active_employees: activeEmployees,
          last_event_id: lastEventId,
          working_day: workingDay,
          holiday: holiday ? toHolidayJson(holiday) : null,
          absences: absences
            .map(toAbsenceJson)
            .map(({ id, user, kind, date_from, date_to, note }) => ({ id, user, kind, date_from, date_to, note })),
          // On a day nobody has to work, nobody is missing.
          not_checked_in: workingDay ? await listNotCheckedIn(db, date) : [],
        },
      };
    },

    async history(
      filter: HistoryFilter,
      sort: { field: SortField; order: 'asc' | 'desc' },
      page: number,
      perPage: number,
    ) {
      const { rows, total } = await listHistory(db, filter, sort, page, perPage);
      return { data: rows.map(present), meta: pageMeta(page, perPage, total) };
    },

    /** An employee's own history, plus which org-local day is today so their page can show the current state. */
    async mine(
      userId: number,
      filter: Omit<HistoryFilter, 'user_id' | 'q'>,
      sort: { field: SortField; order: 'asc' | 'desc' },
      page: number,
      perPage: number,
    ): Promise<{ data: AttendanceJson[]; meta: z.output<typeof mineMetaJson> }> {
      const now = clock();
      const { data, meta } = await this.history({ ...filter, user_id: userId }, sort, page, perPage);
      return { data, meta: { ...meta, today: orgDate(now, timezone), timezone, server_time: now.toISOString() } };
    },
  };
}

export type AttendanceService = ReturnType<typeof createAttendanceService>;
