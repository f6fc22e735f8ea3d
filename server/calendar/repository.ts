import type { Db, Trx } from '../db/knex';
import type { HolidayKind, HolidayRow } from './types';

const COLUMNS = ['id', 'date', 'name', 'kind', 'created_at'] as const;

export const findHolidayOn = (db: Db | Trx, date: string): Promise<HolidayRow | undefined> =>
  db<HolidayRow>('holidays')
    .where({ date })
    .first(...COLUMNS);

/** Which of these days are holidays. */
export const holidayDatesAmong = async (db: Db | Trx, dates: string[]): Promise<Set<string>> =>
  new Set((await db('holidays').whereIn('date', dates).pluck('date')) as string[]);

export const findHoliday = (db: Db | Trx, id: number): Promise<HolidayRow | undefined> =>
  db<HolidayRow>('holidays')
    .where({ id })
    .first(...COLUMNS);

export const listHolidaysBetween = (db: Db, from: string, to: string): Promise<HolidayRow[]> =>
  db<HolidayRow>('holidays')
    .whereBetween('date', [from, to])
    .orderBy('date')
    .select(...COLUMNS);

export async function insertHoliday(
  trx: Trx,
  holiday: { date: string; name: string; kind: HolidayKind },
): Promise<number> {
  const [id] = await trx('holidays').insert(holiday);
  return Number(id);
}

export async function deleteHoliday(trx: Trx, id: number): Promise<void> {
  await trx('holidays').where({ id }).delete();
}

/** Inserts or renames, one statement for the whole list; answers how many dates were new. */
export async function upsertHolidays(
  trx: Trx,
  holidays: { date: string; name: string; kind: HolidayKind }[],
  at: Date,
) {
  const existing = new Set(
    (await trx('holidays')
      .whereIn(
        'date',
        holidays.map((h) => h.date),
      )
      .forUpdate()
      .pluck('date')) as string[],
  );
  await trx('holidays')
    .insert(holidays.map((h) => ({ ...h, created_at: at, updated_at: at })))
    .onConflict('date')
    .merge(['name', 'kind', 'updated_at']);
  const created = holidays.filter((h) => !existing.has(h.date)).length;
  return { created, updated: holidays.length - created };
}
