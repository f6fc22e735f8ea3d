import type { Knex } from 'knex';
import type { Db, Trx } from '../db/knex';
import { rowsWithEmployee } from '../users/repository';
import type { CorrectionStatus, CorrectionView } from './types';

function viewQuery(db: Db | Trx): Knex.QueryBuilder {
  return rowsWithEmployee(db, 'corrections', 'c')
    .leftJoin('users as d', 'd.id', 'c.decided_by')
    .select(
      'c.date',
      'c.jam_masuk',
      'c.jam_pulang',
      'c.reason',
      'c.status',
      'c.decided_by',
      'd.name as decided_by_name',
      'c.decided_at',
      'c.decision_reason',
      'c.attendance_id',
      'c.created_at',
      'c.version',
    );
}

export const findCorrection = (db: Db | Trx, id: number): Promise<CorrectionView | undefined> =>
  viewQuery(db).where('c.id', id).first();

export async function listCorrections(
  db: Db,
  filter: { user_id?: number | undefined; status?: CorrectionStatus | undefined },
  page: number,
  perPage: number,
) {
  const apply = (query: Knex.QueryBuilder) => {
    if (filter.user_id) query.where('c.user_id', filter.user_id);
    if (filter.status) query.where('c.status', filter.status);
    return query;
  };
  const [{ total }] = await apply(db('corrections as c')).count({ total: '*' });
  const rows: CorrectionView[] = await apply(viewQuery(db))
    .orderBy('c.id', 'desc')
    .limit(perPage)
    .offset((page - 1) * perPage);
  return { rows, total: Number(total) };
}

export async function insertCorrection(
  trx: Trx,
  values: { user_id: number; date: string; jam_masuk: string | null; jam_pulang: string | null; reason: string },
  at: Date,
): Promise<number> {
  const [id] = await trx('corrections').insert({ ...values, created_at: at, updated_at: at });
  return Number(id);
}

export const lockCorrection = (trx: Trx, id: number) =>
  trx('corrections').where({ id }).forUpdate().first('id', 'status') as Promise<
    { id: number; status: CorrectionStatus } | undefined
  >;

export async function recordDecision(
  trx: Trx,
  id: number,
  decision: {
    status: 'approved' | 'rejected';
    decided_by: number;
    decision_reason: string | null;
    attendance_id: number | null;
  },
  at: Date,
): Promise<void> {
  await trx('corrections')
    .where({ id })
    .update({ ...decision, decided_at: at, updated_at: at, version: trx.raw('version + 1') });
}
