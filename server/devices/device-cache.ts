import type { Logger } from '../logger';
import type { Redis } from '../redis';
import type { DeviceStatus } from './types';

/** What a heartbeat needs to know about its device without reading the database. */
export interface CachedDevice {
  id: number;
  name: string;
  heartbeat_interval_seconds: number;
  remote_control_enabled: boolean;
}

/**
 * Scoped Redis caches (DESIGN.md): token → device, and each device's last
 * known status. Everything is keyed and invalidated per device; there is no
 * global flush. The cache is an accelerator only: when Redis fails, callers
 * read the database, and no decision depends on a cached value being right.
 */
export function createDeviceCache(redis: Redis, prefix: string, logger: Logger, ttlSeconds = 300) {
  const tokenKey = (tokenHash: string) => `${prefix}:dev:token:${tokenHash}`;
  const tokenOfDeviceKey = (id: number) => `${prefix}:dev:tokenof:${id}`;
  const statusKey = (id: number) => `${prefix}:dev:status:${id}`;
  const quietly = async <T>(what: string, work: () => Promise<T>, fallback: T): Promise<T> => {
    try {
      return await work();
    } catch (error) {
      logger.debug({ err: (error as Error).message, what }, 'Device cache unavailable');
      return fallback;
    }
  };

  return {
    getByToken: (tokenHash: string) =>
      quietly('getByToken', async () => {
        const raw = await redis.get(tokenKey(tokenHash));
        return raw ? (JSON.parse(raw) as CachedDevice) : null;
      }, null),

    putToken: (tokenHash: string, device: CachedDevice) =>
      quietly('putToken', async () => {
        await redis.multi().set(tokenKey(tokenHash), JSON.stringify(device), 'EX', ttlSeconds).set(tokenOfDeviceKey(device.id), tokenHash, 'EX', ttlSeconds).exec();
      }, undefined),

    getStatus: (id: number) => quietly('getStatus', async () => (await redis.get(statusKey(id))) as DeviceStatus | null, null),

    setStatus: (id: number, status: DeviceStatus) =>
      quietly('setStatus', async () => {
        await redis.set(statusKey(id), status, 'EX', ttlSeconds);
      }, undefined),

    /** After a rotate, delete or edit: drops this device's entries and nothing else. */
    invalidateDevice: (id: number) =>
      quietly('invalidateDevice', async () => {
        const tokenHash = await redis.get(tokenOfDeviceKey(id));
        const keys = [tokenOfDeviceKey(id), statusKey(id), ...(tokenHash ? [tokenKey(tokenHash)] : [])];
        await redis.del(...keys);
      }, undefined),
  };
}

export type DeviceCache = ReturnType<typeof createDeviceCache>;
