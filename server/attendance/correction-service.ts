import type { Config } from '../config';
import { isDuplicateKey, type Trx } from '../db/knex';
import { ConflictError, NotFoundError, ValidationError } from '../errors';
import { type ChangeDeps, commitChange } from '../events/transaction';
import type { PendingEvent } from '../events/types';
import type { Logger } from '../logger';
import { earlyLeaveMinutes, lateMinutes } from '../schedules/rules';
import { judgeDay, type WorkdayJudgement } from '../schedules/service';
import { findUserById } from '../users/repository';
import { insertAuditEntry, listAuditEntries } from './audit-repository';
import { minutesBetween, nextDay, orgDate, orgInstant } from './org-time';
import { toAttendanceJson } from './presenter';
import {
  type AttendanceTimes,
  findAttendanceView,
  insertByAdmin,
  lockAttendance,
  lockAttendanceOfDay,
  updateTimes,
} from './repository';
import type { AttendanceJson } from './types';

interface NewAttendance {
  user_id: number;
  date: string;
  jam_masuk: string;
  jam_pulang?: string | null | undefined;
}

interface ChangedTimes {
  jam_masuk?: string | undefined;
  /** null takes the check-out away. */
  jam_pulang?: string | null | undefined;
}

/** Who wrote a correction and why: every admin write to an attendance appends one audit row. */
interface Authorship {
  actorId: number;
  reason: string;
}

interface AttendanceWrite {
  attendance: AttendanceJson;
  events: PendingEvent[];
}

/**
 * Attendances written by an admin: created for a day someone forgot, or with
 * other times. Each write raises the version, emits its event and appends an
 * audit row (who, when, why, before, after) in the same transaction. Approving
 * a correction request runs the same steps inside its own transaction.
 */
export function createAttendanceCorrections(deps: ChangeDeps & { config: Pick<Config, 'org'>; logger: Logger }) {
  const { db, clock, config, logger } = deps;
  const timezone = config.org.timezone;

  /**
   * The times as written on the day's clock, checked as an HR admin would
   * expect; status, late and early minutes and duration follow from the
   * employee's schedule. On a shift that crosses midnight a jam_pulang before
   * jam_masuk on the clock is the next morning.
   */
  function timesOf(
    date: string,
    jamMasuk: string,
    jamPulang: string | null,
    now: Date,
    { schedule, workingDay }: WorkdayJudgement,
  ): AttendanceTimes {
    const checkIn = orgInstant(date, jamMasuk, timezone);
    const pulangDay = schedule.crosses_midnight && jamPulang !== null && jamPulang <= jamMasuk ? nextDay(date) : date;
    const checkOut = jamPulang === null ? null : orgInstant(pulangDay, jamPulang, timezone);
    const today = orgDate(now, timezone);
    const problems = [];
    if (date > today) problems.push({ path: 'date', message: 'must not be in the future' });
    else if (checkIn > now) problems.push({ path: 'jam_masuk', message: 'must not be in the future' });
    if (checkOut && checkOut <= checkIn) problems.push({ path: 'jam_pulang', message: 'must be after jam_masuk' });
    else if (checkOut && checkOut > now) problems.push({ path: 'jam_pulang', message: 'must not be in the future' });
    if (problems.length > 0) throw new ValidationError(problems);
    const late = workingDay ? lateMinutes(checkIn, date, schedule, timezone) : 0;
    return {
      check_in_at: checkIn,
      check_out_at: checkOut,
      status: late > 0 ? 'late' : 'present',
      late_minutes: late,
      duration_minutes: checkOut ? minutesBetween(checkIn, checkOut) : null,
      early_leave_minutes: checkOut ? (workingDay ? earlyLeaveMinutes(checkOut, date, schedule, timezone) : 0) : null,
      // Still open after its day: flagged as the scheduler would, never given an invented time.
      missing_check_out: checkOut === null && date < today,
    };
  }

  async function audited(trx: Trx, id: number, before: AttendanceJson | null, by: Authorship) {
    const after = toAttendanceJson(await findAttendanceView(trx, id), timezone);
    await insertAuditEntry(trx, {
      attendance_id: id,
      actor_id: by.actorId,
      at: clock(),
      reason: by.reason,
      before,
      after,
    });
    return after;
  }

  async function createInTransaction(trx: Trx, input: NewAttendance, by: Authorship): Promise<AttendanceWrite> {
    const user = await findUserById(trx, input.user_id);
    if (!user) throw new NotFoundError('User');
    if (user.role !== 'employee')
      throw new ValidationError([{ path: 'user_id', message: 'only employee accounts have attendances' }]);
    if (await lockAttendanceOfDay(trx, input.user_id, input.date))
      throw new ConflictError(
        'attendance_exists',
        'This employee already has an attendance on this day; change it instead',
      );
    const judged = await judgeDay(trx, config.org, input.user_id, input.date);
    const times = timesOf(input.date, input.jam_masuk, input.jam_pulang ?? null, clock(), judged);
    const id = await insertByAdmin(trx, { ...times, user_id: input.user_id, date: input.date }, clock());
    const attendance = await audited(trx, id, null, by);
    return { attendance, events: [{ type: 'attendance.created', data: attendance }] };
  }

  async function changeInTransaction(
    trx: Trx,
    id: number,
    change: ChangedTimes,
    by: Authorship,
  ): Promise<AttendanceWrite> {
    const locked = await lockAttendance(trx, id);
    if (!locked) throw new NotFoundError('Attendance');
    const before = toAttendanceJson(await findAttendanceView(trx, id), timezone);
    const jamPulang = change.jam_pulang === undefined ? before.jam_pulang : change.jam_pulang;
    const judged = await judgeDay(trx, config.org, locked.user_id, locked.date);
    const times = timesOf(locked.date, change.jam_masuk ?? before.jam_masuk, jamPulang, clock(), judged);
    await updateTimes(trx, id, times, clock());
    const attendance = await audited(trx, id, before, by);
    return { attendance, events: [{ type: 'attendance.updated', data: attendance }] };
  }

  const write = async (work: (trx: Trx) => Promise<AttendanceWrite>) =>
    commitChange(deps, async (trx) => {
      const { attendance, events } = await work(trx);
      return { result: attendance, events };
    });

  return {
    createInTransaction,
    changeInTransaction,

    async create(input: NewAttendance, by: Authorship): Promise<AttendanceJson> {
      try {
        const attendance = await write((trx) => createInTransaction(trx, input, by));
        logger.info({ attendance_id: attendance.id, actor_id: by.actorId }, 'Attendance created by an admin');
        return attendance;
      } catch (error) {
        // Two admins adding the same day at once: the unique key lets one win.
        if (isDuplicateKey(error))
          throw new ConflictError('attendance_exists', 'This employee already has an attendance on this day');
        throw error;
      }
    },

    async change(id: number, change: ChangedTimes, by: Authorship): Promise<AttendanceJson> {
      const attendance = await write((trx) => changeInTransaction(trx, id, change, by));
      logger.info(
        { attendance_id: id, actor_id: by.actorId, version: attendance.version },
        'Attendance corrected by an admin',
      );
      return attendance;
    },

    async audit(id: number) {
      const entries = await listAuditEntries(db, id);
      if (entries.length === 0 && !(await findAttendanceView(db, id))) throw new NotFoundError('Attendance');
      return entries;
    },
  };
}

export type AttendanceCorrections = ReturnType<typeof createAttendanceCorrections>;
