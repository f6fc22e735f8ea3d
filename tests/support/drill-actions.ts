import type { Db } from '../../server/db/knex';
import { ApiClient } from './api-client';
import { ADMIN } from './fixtures';
import { type Outcome, type SendOptions, send } from './load';

const KIOSK_PIN = '1234';

/** A kiosk checking an employee in by code and PIN. Never retried: a check-in is a write (see the drills' reports). */
export function kioskCheckIn(
  baseUrl: string,
  deviceToken: string,
  employeeCode: string,
  options: SendOptions = {},
): Promise<Outcome> {
  return send(baseUrl, 'POST', '/api/kiosk/check-in', {
    ...options,
    headers: { authorization: `Bearer ${deviceToken}`, ...options.headers },
    body: { employee_code: employeeCode, pin: KIOSK_PIN },
  });
}

/** For AdminPage: logs the fixtures' admin in through `baseUrl` and returns the cookie. */
export function adminLogin(baseUrl: string): () => Promise<string> {
  return async () => (await new ApiClient(baseUrl).login(ADMIN.email, ADMIN.password)).cookie!;
}

/** Every outbox id in the drill's database: what admins must end up with. */
export async function allEventIds(db: Db): Promise<number[]> {
  return (await db('outbox').orderBy('id').pluck('id')).map(Number);
}

/** Codes of the employees who have an attendance row (today's, as the drills run within one day). */
export async function checkedInCodes(db: Db): Promise<Set<string>> {
  const codes = await db('attendances').join('users', 'users.id', 'attendances.user_id').pluck('users.employee_code');
  return new Set(codes as string[]);
}
