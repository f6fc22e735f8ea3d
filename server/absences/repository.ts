import type { Knex } from 'knex';
import type { Db, Trx } from '../db/knex';
import { rowsWithEmployee } from '../users/repository';
import type { AbsenceKind, AbsenceView } from './types';

export interface AbsenceFilter {
  date_from?: string | undefined;
  date_to?: string | undefined;
  user_id?: number | undefined;
  kind?: AbsenceKind | undefined;
}

export interface AbsenceWrite {
  date_from: string;
  date_to: string;
  kind: AbsenceKind;
  note: string | null;
}

function viewQuery(db: Db | Trx): Knex.QueryBuilder {
  return rowsWithEmployee(db, 'absences', 'ab')
    .leftJoin('users as c', 'c.id', 'ab.created_by')
    .select(
      'ab.date_from',
      'ab.date_to',
      'ab.kind',
      'ab.note',
      'ab.created_by',
      'c.name as created_by_name',
      'ab.created_at',
      'ab.updated_at',
      'ab.version',
    );
}

/** Absences that overlap [from, to]: an absence counts on every day of its range. */
const overlapping = (query: Knex.QueryBuilder, from: string, to: string) =>
  query.where('ab.date_from', '<=', to).where('ab.date_to', '>=', from);

export const findAbsence = (db: Db | Trx, id: number): Promise<AbsenceView | undefined> =>
  viewQuery(db).where('ab.id', id).first();

export async function listAbsences(db: Db, filter: AbsenceFilter, page: number, perPage: number) {
  const apply = (query: Knex.QueryBuilder) => {
    overlapping(query, filter.date_from ?? '0000-01-01', filter.date_to ?? '9999-12-31');
    if (filter.user_id) query.where('ab.user_id', filter.user_id);
    if (filter.kind) query.where('ab.kind', filter.kind);
    return query;
  };
  const [{ total }] = await apply(db('absences as ab')).count({ total: '*' });
  const rows: AbsenceView[] = await apply(viewQuery(db))
    .orderBy('ab.date_from', 'desc')
    .orderBy('ab.id', 'desc')
    .limit(perPage)
    .offset((page - 1) * perPage);
  return { rows, total: Number(total) };
}

/** The absences covering one day, of the employees who are still active. */
export const listAbsencesOn = (db: Db, date: string): Promise<AbsenceView[]> =>
  overlapping(viewQuery(db), date, date).where({ 'u.active': true, 'u.role': 'employee' }).orderBy('u.name');

/** Another absence of the same person that shares a day with [from, to], if any. */
export const findOverlap = (trx: Trx, userId: number, from: string, to: string, exceptId: number | null) => {
  const query = overlapping(trx('absences as ab').where('ab.user_id', userId), from, to).first(
    'ab.id',
    'ab.date_from',
    'ab.date_to',
    'ab.kind',
  );
  if (exceptId !== null) query.whereNot('ab.id', exceptId);
  return query as Promise<{ id: number; date_from: string; date_to: string; kind: AbsenceKind } | undefined>;
};

export async function insertAbsence(
  trx: Trx,
  values: AbsenceWrite & { user_id: number; created_by: number },
  at: Date,
) {
  const [id] = await trx('absences').insert({ ...values, created_at: at, updated_at: at });
  return Number(id);
}

export async function updateAbsence(trx: Trx, id: number, values: Partial<AbsenceWrite>, at: Date): Promise<void> {
  await trx('absences')
    .where({ id })
    .update({ ...values, updated_at: at, version: trx.raw('version + 1') });
}

export async function deleteAbsence(trx: Trx, id: number): Promise<void> {
  await trx('absences').where({ id }).delete();
}

/** Serialises the absence writes of one person, so two admins cannot both add overlapping ranges. */
export const lockUser = (trx: Trx, userId: number) => trx('users').where({ id: userId }).forUpdate().first('id');

export async function lockAbsence(trx: Trx, id: number) {
  return trx('absences').where({ id }).forUpdate().first('id', 'user_id') as Promise<
    { id: number; user_id: number } | undefined
  >;
}
