import { hashToken, generateToken } from '../../server/auth/secrets';
import type { Config } from '../../server/config';
import type { Db } from '../../server/db/knex';
import { insertDevice } from '../../server/devices/repository';
import { createUserService } from '../../server/users/service';
import { systemClock } from '../../server/clock';

export const ADMIN = { email: 'admin@test.local', password: 'admin-password-1' };

export async function createAdmin(db: Db, config: Config, overrides: Partial<{ email: string; password: string; employee_code: string }> = {}) {
  const users = createUserService({ db, clock: systemClock, config });
  return users.create({ employee_code: 'ADM001', name: 'Admin Test', role: 'admin', ...ADMIN, ...overrides });
}

export async function createEmployee(db: Db, config: Config, code: string, options: { pin?: string; password?: string; name?: string } = {}) {
  const users = createUserService({ db, clock: systemClock, config });
  return users.create({
    employee_code: code,
    name: options.name ?? `Pegawai ${code}`,
    email: `${code.toLowerCase()}@test.local`,
    password: options.password ?? 'employee-pass-1',
    pin: options.pin ?? '1234',
  });
}

export async function createDevice(db: Db, name = 'Kiosk Test'): Promise<{ id: number; token: string }> {
  const token = generateToken();
  const id = await insertDevice(db, { name, token_hash: hashToken(token) });
  return { id, token };
}
