import { isDuplicateKey } from '../db/knex';
import { ConflictError, NotFoundError } from '../errors';
import { type ChangeDeps, commitChange } from '../events/transaction';
import type { Logger } from '../logger';
import { deleteHoliday, findHoliday, insertHoliday, listHolidaysBetween, upsertHolidays } from './repository';
import { type HolidayJson, type HolidayKind, toHolidayJson } from './types';

export interface HolidayInput {
  date: string;
  name: string;
  kind: HolidayKind;
}

/**
 * The holidays of the working calendar. Every write commits with a
 * `holiday.changed` event, so open consoles reload what today means, and is
 * logged with the admin who made it.
 */
export function createHolidayService(deps: ChangeDeps & { logger: Logger }) {
  const { db, logger } = deps;

  return {
    async list(year: number): Promise<HolidayJson[]> {
      return (await listHolidaysBetween(db, `${year}-01-01`, `${year}-12-31`)).map(toHolidayJson);
    },

    async create(input: HolidayInput, actorId: number): Promise<HolidayJson> {
      try {
        const holiday = await commitChange(deps, async (trx) => {
          const created = toHolidayJson((await findHoliday(trx, await insertHoliday(trx, input)))!);
          return {
            result: created,
            events: [{ type: 'holiday.changed', data: { action: 'created', holiday: created } }],
          };
        });
        logger.info({ holiday_id: holiday.id, date: holiday.date, actor_id: actorId }, 'Holiday created');
        return holiday;
      } catch (error) {
        if (isDuplicateKey(error)) throw new ConflictError('holiday_exists', 'There is already a holiday on this date');
        throw error;
      }
    },

    async remove(id: number, actorId: number): Promise<void> {
      const holiday = await commitChange(deps, async (trx) => {
        const row = await findHoliday(trx, id);
        if (!row) throw new NotFoundError('Holiday');
        await deleteHoliday(trx, id);
        const removed = toHolidayJson(row);
        return {
          result: removed,
          events: [{ type: 'holiday.changed', data: { action: 'deleted', holiday: removed } }],
        };
      });
      logger.info({ holiday_id: id, date: holiday.date, actor_id: actorId }, 'Holiday deleted');
    },

    /** A year's list at once: a date already there takes the new name and kind. The caller has checked every row. */
    async import(holidays: HolidayInput[], actorId: number) {
      const counts = await commitChange(deps, async (trx) => {
        const result = await upsertHolidays(trx, holidays, deps.clock());
        return {
          result,
          events: [{ type: 'holiday.changed', data: { action: 'imported', count: holidays.length } }],
        };
      });
      logger.info({ ...counts, actor_id: actorId }, 'Holidays imported');
      return counts;
    },
  };
}

export type HolidayService = ReturnType<typeof createHolidayService>;
