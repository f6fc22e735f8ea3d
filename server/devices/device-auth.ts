import type { NextFunction, Request, Response } from 'express';
import { hashToken } from '../auth/secrets';
import type { Db } from '../db/knex';
import { UnauthorizedError } from '../errors';
import { bearerToken } from '../http/bearer';
import { findDeviceByTokenHash } from './repository';

/** Kiosk calls carry the device token as a Bearer token, never a cookie. */
export function requireDevice(db: Db) {
  return async (req: Request, _res: Response, next: NextFunction) => {
    const token = bearerToken(req);
    const device = token ? await findDeviceByTokenHash(db, hashToken(token)) : undefined;
    if (!device) throw new UnauthorizedError('invalid_device_token', 'Unknown or revoked device token');
    req.device = device;
    next();
  };
}
