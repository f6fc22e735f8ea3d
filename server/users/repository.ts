import type { Knex } from 'knex';
import type { Db, Trx } from '../db/knex';
import type { Role, UserRow } from './types';

export interface UserFilter {
  q?: string;
  role?: Role;
  active?: boolean;
}

export type UserWrite = Partial<
  Pick<UserRow, 'employee_code' | 'name' | 'email' | 'role' | 'password_hash' | 'pin_hash' | 'schedule_id'>
> & { active?: boolean };

export const findUserById = (db: Db, id: number) => db<UserRow>('users').where({ id }).first();
export const findUserByEmail = (db: Db, email: string) => db<UserRow>('users').where({ email }).first();
function applyFilter(query: Knex.QueryBuilder, filter: UserFilter): Knex.QueryBuilder {
  if (filter.role) query.where('role', filter.role);
  if (filter.active !== undefined) query.where('active', filter.active);
  if (filter.q) {
    const like = `%${filter.q.replace(/[\\%_]/g, '\\$&')}%`;
    query.where((w) =>
      w.where('name', 'like', like).orWhere('employee_code', 'like', like).orWhere('email', 'like', like),
    );
  }
  return query;
}

export async function listUsers(
  db: Db,
  filter: UserFilter,
  page: number,
  perPage: number,
): Promise<{ rows: UserRow[]; total: number }> {
  const [{ total }] = await applyFilter(db('users'), filter).count({ total: '*' });
  const rows = await applyFilter(db<UserRow>('users'), filter)
    .orderBy('employee_code')
    .limit(perPage)
    .offset((page - 1) * perPage);
  return { rows, total: Number(total) };
}

export async function countActiveEmployees(db: Db): Promise<number> {
  const [{ total }] = await db('users').where({ active: true, role: 'employee' }).count({ total: '*' });
  return Number(total);
}

export async function findActiveAdminIds(db: Db, ids: number[]): Promise<Set<number>> {
  if (ids.length === 0) return new Set();
  const rows: { id: number }[] = await db('users')
    .whereIn('id', ids)
    .where({ active: true, role: 'admin' })
    .select('id');
  return new Set(rows.map((row) => row.id));
}

export async function insertUser(db: Db, values: UserWrite): Promise<number> {
  const [id] = await db('users').insert(values);
  return Number(id);
}

export async function updateUser(db: Db, id: number, values: UserWrite, at: Date): Promise<void> {
  await db('users')
    .where({ id })
    .update({ ...values, updated_at: at });
}

/** A table of per-employee rows joined with the employee's name and code, as every list of them reads it. */
export const rowsWithEmployee = (db: Db | Trx, table: string, alias: string): Knex.QueryBuilder =>
  db(`${table} as ${alias}`)
    .join('users as u', 'u.id', `${alias}.user_id`)
    .select(`${alias}.id`, `${alias}.user_id`, 'u.name as user_name', 'u.employee_code as user_employee_code');
