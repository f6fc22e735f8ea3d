import { generateToken, hashPin, hashToken } from '../../server/auth/secrets';
import { systemClock } from '../../server/clock';
import type { Config } from '../../server/config';
import type { Db } from '../../server/db/knex';
import { insertDevice } from '../../server/devices/repository';
import { createUserService } from '../../server/users/service';

export const ADMIN = { email: 'admin@test.local', password: 'admin-password-1' };

export async function createAdmin(
  db: Db,
  config: Config,
  overrides: Partial<{ email: string; password: string; employee_code: string; pin: string }> = {},
) {
  const users = createUserService({ db, clock: systemClock, config });
  return users.create({ employee_code: 'ADM001', name: 'Admin Test', role: 'admin', ...ADMIN, ...overrides });
}

export async function createEmployee(
  db: Db,
  config: Config,
  code: string,
  options: { pin?: string; password?: string; name?: string } = {},
) {
  const users = createUserService({ db, clock: systemClock, config });
  return users.create({
    employee_code: code,
    name: options.name ?? `Pegawai ${code}`,
    email: `${code.toLowerCase()}@test.local`,
    password: options.password ?? 'employee-pass-1',
    pin: options.pin ?? '1234',
  });
}

/** Many kiosk-only employees at once (PIN, no password: no argon2 cost), codes PREFIX0001…. */
export async function createKioskEmployees(
  db: Db,
  config: Config,
  prefix: string,
  count: number,
  pin = '1234',
): Promise<string[]> {
  const codes = Array.from({ length: count }, (_, i) => `${prefix}${String(i + 1).padStart(4, '0')}`);
  const pinHash = hashPin(config.pinPepper, pin);
  await db.batchInsert(
    'users',
    codes.map((code) => ({ employee_code: code, name: `Pegawai ${code}`, pin_hash: pinHash, role: 'employee' })),
    500,
  );
  return codes;
}

export async function createDevice(db: Db, name = 'Kiosk Test'): Promise<{ id: number; token: string }> {
  const token = generateToken();
  const id = await insertDevice(db, { name, token_hash: hashToken(token) });
  return { id, token };
}
