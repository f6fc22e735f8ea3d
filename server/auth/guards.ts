import type { NextFunction, Request, RequestHandler, Response } from 'express';
import type { Db } from '../db/knex';
import { ForbiddenError, UnauthorizedError } from '../errors';
import type { SessionUser } from '../http/request-types';
import { findUserById } from '../users/repository';
import type { Role } from '../users/types';
import type { DeviceAuthenticator } from './device-token';
import { requireServiceToken } from './service-token';

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

function requireRole(db: Db, ...roles: Role[]) {
  return async (req: Request, _res: Response, next: NextFunction) => {
    const user = await loadSessionUser(db, req.session?.userId);
    if (!user) throw new UnauthorizedError();
    if (roles.length > 0 && !roles.includes(user.role))
      throw new ForbiddenError('forbidden', 'Your role cannot do this');
    req.user = user;
    next();
  };
}

/**
 * Who may call a route, in the words each router uses at its top (or on each
 * route): the three ways of authenticating, a session with a role, a device
 * token and the service token. Session guards carry the session middleware,
 * so a router that needs no session never touches the session store.
 */
export interface Guards {
  /** Anyone, with the session read (login, logout, me). */
  session: RequestHandler[];
  admin: RequestHandler[];
  employee: RequestHandler[];
  /** A kiosk's device token (Bearer); sets req.device. */
  device: RequestHandler;
  /** The external ping service's token (Bearer). */
  service: RequestHandler;
}

export function createGuards(deps: {
  db: Db;
  sessionMiddleware: RequestHandler;
  devices: DeviceAuthenticator;
  serviceToken: string;
}): Guards {
  return {
    session: [deps.sessionMiddleware],
    admin: [deps.sessionMiddleware, requireRole(deps.db, 'admin')],
    employee: [deps.sessionMiddleware, requireRole(deps.db, 'employee')],
    device: deps.devices.middleware,
    service: requireServiceToken(deps.serviceToken),
  };
}
