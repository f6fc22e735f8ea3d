import { orgDate, previousDay } from '../attendance/org-time';
import { holidayDatesAmong } from '../calendar/repository';
import { weekdayOf } from '../calendar/working-day';
import type { Config } from '../config';
import type { Db, Trx } from '../db/knex';
import { isDuplicateKey } from '../db/knex';
import { ConflictError, NotFoundError, ValidationError } from '../errors';
import type { Logger } from '../logger';
import {
  countUsersOnSchedule,
  deleteSchedule,
  findSchedule,
  insertSchedule,
  listSchedules,
  type ScheduleWrite,
  schedulesOfUsers,
  updateSchedule,
} from './repository';
import { shiftDay, type WorkSchedule } from './rules';

/** The schedule of everyone who has none of their own: WORK_START, WORK_END, LATE_TOLERANCE_MINUTES, WORK_DAYS. */
export const defaultSchedule = (org: Config['org']): WorkSchedule => ({
  id: null,
  name: 'Default',
  work_start: org.workStart,
  work_end: org.workEnd,
  late_tolerance_minutes: org.lateToleranceMinutes,
  work_days: org.workDays,
  crosses_midnight: false,
});

/** Each user's schedule: their own, or the org default. */
async function scheduleOf(db: Db | Trx, org: Config['org'], userId: number): Promise<WorkSchedule> {
  return (await schedulesOfUsers(db, [userId])).get(userId) ?? defaultSchedule(org);
}

/** What a day is for someone: their schedule, and whether it is one of its working days and not a holiday. */
export interface WorkdayJudgement {
  schedule: WorkSchedule;
  day: string;
  /** Only on a working day can anyone be late or leave early. */
  workingDay: boolean;
}

const judgement = (schedule: WorkSchedule, day: string, holidays: Set<string>): WorkdayJudgement => ({
  schedule,
  day,
  workingDay: !holidays.has(day) && schedule.work_days.includes(weekdayOf(day)),
});

/** A user's schedule and which of `day` and the day before are holidays, read ahead of judging an instant on `day`. */
export interface CalendarAround {
  day: string;
  schedule: WorkSchedule;
  holidays: Set<string>;
}

/** The org day of `instant` and the day before: the days a check-in at `instant` may belong to. */
export const daysAround = (instant: Date, org: Config['org']): [today: string, yesterday: string] => {
  const today = orgDate(instant, org.timezone);
  return [today, previousDay(today)];
};

/**
 * The shift day an instant falls on for this user (yesterday's, late at
 * night on a shift that crosses midnight). What was read ahead (`known`)
 * serves only for the day it was read for: a check-in that crossed midnight
 * after its PIN check is judged on a fresh read.
 */
export async function judgeInstant(
  db: Db | Trx,
  org: Config['org'],
  userId: number,
  instant: Date,
  known?: CalendarAround,
): Promise<WorkdayJudgement> {
  const days = daysAround(instant, org);
  if (known?.day === days[0])
    return judgement(known.schedule, shiftDay(instant, known.schedule, org.timezone), known.holidays);
  const [schedule, holidays] = await Promise.all([scheduleOf(db, org, userId), holidayDatesAmong(db, days)]);
  return judgement(schedule, shiftDay(instant, schedule, org.timezone), holidays);
}

export async function judgeDay(
  db: Db | Trx,
  org: Config['org'],
  userId: number,
  day: string,
): Promise<WorkdayJudgement> {
  const [schedule, holidays] = await Promise.all([scheduleOf(db, org, userId), holidayDatesAmong(db, [day])]);
  return judgement(schedule, day, holidays);
}

/** A day shift ends after it starts; a shift that crosses midnight ends before its start on the clock. */
function assertShape(schedule: Pick<ScheduleWrite, 'work_start' | 'work_end' | 'crosses_midnight'>) {
  const endsLater = schedule.work_end > schedule.work_start;
  if (endsLater === schedule.crosses_midnight)
    throw new ValidationError([
      {
        path: 'work_end',
        message: schedule.crosses_midnight
          ? 'a shift that crosses midnight ends before its start on the clock'
          : 'must be after work_start (or set crosses_midnight)',
      },
    ]);
}

export function createScheduleService(deps: {
  db: Db;
  clock: () => Date;
  config: Pick<Config, 'org'>;
  logger: Logger;
}) {
  const { db, clock, logger } = deps;
  const guardName = async <T>(write: () => Promise<T>) => {
    try {
      return await write();
    } catch (error) {
      if (isDuplicateKey(error)) throw new ConflictError('schedule_name_taken', 'Another schedule has this name');
      throw error;
    }
  };

  return {
    async list() {
      return { data: await listSchedules(db), meta: { default: defaultSchedule(deps.config.org) } };
    },

    async create(input: ScheduleWrite, actorId: number) {
      assertShape(input);
      const id = await guardName(() => insertSchedule(db, input));
      logger.info({ schedule_id: id, actor_id: actorId }, 'Schedule created');
      return (await findSchedule(db, id))!;
    },

    /** A change applies from the next check-in on; past days keep what they were judged by. */
    async update(id: number, input: Partial<ScheduleWrite>, actorId: number) {
      const current = await findSchedule(db, id);
      if (!current) throw new NotFoundError('Schedule');
      assertShape({ ...current, ...input });
      await guardName(() => updateSchedule(db, id, input, clock()));
      logger.info({ schedule_id: id, actor_id: actorId }, 'Schedule updated');
      return (await findSchedule(db, id))!;
    },

    async remove(id: number, actorId: number) {
      if (!(await findSchedule(db, id))) throw new NotFoundError('Schedule');
      if ((await countUsersOnSchedule(db, id)) > 0)
        throw new ConflictError('schedule_in_use', 'Employees still follow this schedule; move them first');
      await deleteSchedule(db, id);
      logger.info({ schedule_id: id, actor_id: actorId }, 'Schedule deleted');
    },
  };
}

export type ScheduleService = ReturnType<typeof createScheduleService>;
