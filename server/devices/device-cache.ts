import type { Logger } from '../logger';
import type { Redis } from '../redis';

/** What a heartbeat needs to know about its device without reading the database. */
export interface CachedDevice {
  id: number;
  name: string;
  heartbeat_interval_seconds: number;
  remote_control_enabled: boolean;
}

/**
 * The scoped token → device cache (docs/ARCHITECTURE.md, "Presence"), keyed
 * and invalidated per device; there is no global flush. (The per-device
 * status lives in the heartbeat store's gate.) The cache is an accelerator
 * only: when Redis fails, callers read the database.
 */
export function createDeviceCache(redis: Redis, prefix: string, logger: Logger, ttlSeconds = 300) {
  const tokenKey = (tokenHash: string) => `${prefix}:dev:token:${tokenHash}`;
  const tokenOfDeviceKey = (id: number) => `${prefix}:dev:tokenof:${id}`;
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
      quietly(
        'getByToken',
        async () => {
          const raw = await redis.get(tokenKey(tokenHash));
          return raw ? (JSON.parse(raw) as CachedDevice) : null;
        },
        null,
      ),

    putToken: (tokenHash: string, device: CachedDevice) =>
      quietly(
        'putToken',
        async () => {
          await redis
            .multi()
            .set(tokenKey(tokenHash), JSON.stringify(device), 'EX', ttlSeconds)
            .set(tokenOfDeviceKey(device.id), tokenHash, 'EX', ttlSeconds)
            .exec();
        },
        undefined,
      ),

    /** After a rotate, delete or edit: drops this device's entries and nothing else. */
    invalidateDevice: (id: number) =>
      quietly(
        'invalidateDevice',
        async () => {
          const tokenHash = await redis.get(tokenOfDeviceKey(id));
          const keys = [tokenOfDeviceKey(id), ...(tokenHash ? [tokenKey(tokenHash)] : [])];
          await redis.del(...keys);
        },
        undefined,
      ),
  };
}

export type DeviceCache = ReturnType<typeof createDeviceCache>;
