import { hashPassword, hashPin } from '../auth/secrets';
import type { Clock } from '../clock';
import type { Config } from '../config';
import type { Db } from '../db/knex';
import { isDuplicateKey } from '../db/knex';
import { ConflictError, NotFoundError, ValidationError } from '../errors';
import { pageMeta } from '../http/pagination';
import { findUserById, insertUser, listUsers, type UserFilter, type UserWrite, updateUser } from './repository';
import { type Role, toUserJson, type UserRow } from './types';

interface UserInput {
  employee_code?: string;
  name?: string;
  email?: string | null;
  password?: string;
  pin?: string;
  role?: Role;
  active?: boolean;
  schedule_id?: number | null;
}

interface Deps {
  db: Db;
  clock: Clock;
  config: Pick<Config, 'pinPepper'>;
}

export function createUserService({ db, clock, config }: Deps) {
  async function toRow(input: UserInput): Promise<UserWrite> {
    const { password, pin, ...plain } = input;
    const row: UserWrite = { ...plain };
    if (password !== undefined) row.password_hash = await hashPassword(password);
    if (pin !== undefined) row.pin_hash = hashPin(config.pinPepper, pin);
    return row;
  }

  /** An admin signs in with email and password, so an admin without both could never log in. */
  function assertAdminCanLogIn(user: { role: Role; email: string | null; hasPassword: boolean }) {
    if (user.role !== 'admin') return;
    const problems = [];
    if (!user.email) problems.push({ path: 'email', message: 'an admin needs an email to log in' });
    if (!user.hasPassword) problems.push({ path: 'password', message: 'an admin needs a password to log in' });
    if (problems.length > 0) throw new ValidationError(problems);
  }

  async function writeGuardingUniques<T>(write: () => Promise<T>): Promise<T> {
    try {
      return await write();
    } catch (error) {
      if ((error as { code?: string }).code === 'ER_NO_REFERENCED_ROW_2')
        throw new ValidationError([{ path: 'schedule_id', message: 'no such schedule' }]);
      if (!isDuplicateKey(error)) throw error;
      if (error.sqlMessage?.includes('email'))
        throw new ConflictError('email_taken', 'This email is already used by another user');
      throw new ConflictError('employee_code_taken', 'This employee code is already used by another user');
    }
  }

  async function getRow(id: number): Promise<UserRow> {
    const row = await findUserById(db, id);
    if (!row) throw new NotFoundError('User');
    return row;
  }

  return {
    async list(filter: UserFilter, page: number, perPage: number) {
      const { rows, total } = await listUsers(db, filter, page, perPage);
      return { data: rows.map(toUserJson), meta: pageMeta(page, perPage, total) };
    },

    async get(id: number) {
      return toUserJson(await getRow(id));
    },

    async create(input: UserInput & { employee_code: string; name: string }) {
      const role = input.role ?? 'employee';
      assertAdminCanLogIn({ role, email: input.email ?? null, hasPassword: input.password !== undefined });
      const id = await writeGuardingUniques(async () => insertUser(db, { ...(await toRow(input)), role }));
      return toUserJson(await getRow(id));
    },

    async update(id: number, input: UserInput, actingUserId: number) {
      const current = await getRow(id);
      if (id === actingUserId && (input.active === false || input.role === 'employee')) {
        throw new ConflictError('cannot_lock_yourself_out', 'You cannot deactivate or demote your own account');
      }
      assertAdminCanLogIn({
        role: input.role ?? current.role,
        email: input.email === undefined ? current.email : input.email,
        hasPassword: input.password !== undefined || current.password_hash !== null,
      });
      await writeGuardingUniques(async () => updateUser(db, id, await toRow(input), clock()));
      return toUserJson(await getRow(id));
    },
  };
}

export type UserService = ReturnType<typeof createUserService>;
