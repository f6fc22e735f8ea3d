import type { NextFunction, Request, Response } from 'express';
import type { Db } from '../db/knex';
import { ForbiddenError, UnauthorizedError } from '../errors';
import type { SessionUser } from '../http/request-types';
import { findUserById } from '../users/repository';
import type { Role } from '../users/types';

/**
 * Resolves the session's user on every request (a primary-key read), so a
 * deactivated account or a changed role takes effect at once on every node.
 */
export async function loadSessionUser(db: Db, userId: number | undefined): Promise<SessionUser | null> {
  if (userId === undefined) return null;
  const row = await findUserById(db, userId);
  if (!row?.active) return null;
  return { id: row.id, name: row.name, employee_code: row.employee_code, email: row.email, role: row.role };
}

export function requireRole(db: Db, ...roles: Role[]) {
  return async (req: Request, _res: Response, next: NextFunction) => {
    const user = await loadSessionUser(db, req.session?.userId);
    if (!user) throw new UnauthorizedError();
    if (roles.length > 0 && !roles.includes(user.role))
      throw new ForbiddenError('forbidden', 'Your role cannot do this');
    req.user = user;
    next();
  };
}
