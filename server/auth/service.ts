import type { Db } from '../db/knex';
import { ForbiddenError, UnauthorizedError } from '../errors';
import { findUserByEmail } from '../users/repository';
import { toUserJson, type UserJson } from '../users/types';
import type { FailureLimiter } from './failure-limiter';
import { verifyPassword } from './secrets';

export function createAuthService(deps: { db: Db; loginLimiter: FailureLimiter }) {
  return {
    /**
     * Failures are counted per email at an address and per address; the
     * answer never tells which part was wrong. The email arrives trimmed and
     * lower-cased, as the database compares it, so no spelling of one account
     * gets a budget of its own.
     */
    async login(email: string, password: string, ip: string): Promise<UserJson> {
      const user = await deps.loginLimiter.guess(
        { source: ip, account: email },
        () => findUserByEmail(deps.db, email),
        (found) => verifyPassword(found.password_hash, password),
      );
      if (!user) throw new UnauthorizedError('invalid_credentials', 'Email or password is wrong');
      if (!user.active) throw new ForbiddenError('account_inactive', 'This account has been deactivated');
      return toUserJson(user);
    },
  };
}

export type AuthService = ReturnType<typeof createAuthService>;
