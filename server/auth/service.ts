import type { Db } from '../db/knex';
import { ForbiddenError, UnauthorizedError } from '../errors';
import { findUserByEmail } from '../users/repository';
import { toUserJson, type UserJson } from '../users/types';
import type { FailureLimiter } from './failure-limiter';
import { verifyPassword } from './secrets';

export function createAuthService(deps: { db: Db; loginLimiter: FailureLimiter }) {
  return {
    /** Failures are counted per email and address; the answer never tells which part was wrong. */
    async login(email: string, password: string, ip: string): Promise<UserJson> {
      const throttleKey = `${email.toLowerCase()}|${ip}`;
      const attempt = await deps.loginLimiter.begin(throttleKey);
      const user = await findUserByEmail(deps.db, email);
      if (!user || !(await verifyPassword(user.password_hash, password))) {
        await attempt.failed();
        throw new UnauthorizedError('invalid_credentials', 'Email or password is wrong');
      }
      await attempt.succeeded();
      if (!user.active) throw new ForbiddenError('account_inactive', 'This account has been deactivated');
      return toUserJson(user);
    },
  };
}

export type AuthService = ReturnType<typeof createAuthService>;
