import type { NextFunction, Request, Response } from 'express';
import { hashToken } from '../auth/secrets';
import type { Db } from '../db/knex';
import type { CachedDevice, DeviceCache } from '../devices/device-cache';
import { findDeviceByTokenHash } from '../devices/repository';
import { UnauthorizedError } from '../errors';
import { bearerToken } from '../http/bearer';

/**
 * Resolves a device token (sent as Bearer, never a cookie) through the
 * token → device cache, reading the database on a miss. Rotating or deleting
 * a device invalidates its entry, so a revoked token stops working at once.
 */
export function createDeviceAuthenticator(db: Db, cache: DeviceCache) {
  async function authenticate(token: string | null): Promise<CachedDevice> {
    if (!token) throw new UnauthorizedError('invalid_device_token', 'Unknown or revoked device token');
    const tokenHash = hashToken(token);
    const cached = await cache.getByToken(tokenHash);
    if (cached) return cached;
    const device = await findDeviceByTokenHash(db, tokenHash);
    if (!device) throw new UnauthorizedError('invalid_device_token', 'Unknown or revoked device token');
    const entry = {
      id: device.id,
      name: device.name,
      heartbeat_interval_seconds: device.heartbeat_interval_seconds,
      remote_control_enabled: Boolean(device.remote_control_enabled),
    };
    await cache.putToken(tokenHash, entry);
    return entry;
  }

  return {
    authenticate,
    middleware: async (req: Request, _res: Response, next: NextFunction) => {
      req.device = await authenticate(bearerToken(req));
      next();
    },
  };
}

export type DeviceAuthenticator = ReturnType<typeof createDeviceAuthenticator>;
