import type { Config } from '../config';
import type { Redis } from '../redis';
import { sessionStoreKey } from './session';

/**
 * Which sessions each account has, so that deactivating an account or
 * changing its password can end its other sessions: connect-redis stores
 * sessions by id only. The index has no expiry of its own (a rolling session
 * outlives any fixed one); each login drops the ids whose session has gone.
 */
export function createSessionRegistry(redis: Redis, config: Pick<Config, 'redisPrefix'>) {
  const indexKey = (userId: number) => `${config.redisPrefix}:user-sessions:${userId}`;
  const storeKey = (sessionId: string) => sessionStoreKey(config, sessionId);

  return {
    async remember(userId: number, sessionId: string): Promise<void> {
      const known = await redis.smembers(indexKey(userId));
      const alive = await Promise.all(known.map((id) => redis.exists(storeKey(id))));
      const gone = known.filter((_, i) => alive[i] === 0);
      const update = redis.multi().sadd(indexKey(userId), sessionId);
      if (gone.length > 0) update.srem(indexKey(userId), ...gone);
      await update.exec();
    },

    async forget(userId: number, sessionId: string): Promise<void> {
      await redis.srem(indexKey(userId), sessionId);
    },

    /** Deletes every session of the account except `keep`; their sockets end at the next check (realtime/session-watch.ts). */
    async endSessionsOf(userId: number, keep?: string): Promise<number> {
      const ended = (await redis.smembers(indexKey(userId))).filter((id) => id !== keep);
      if (ended.length === 0) return 0;
      await redis
        .multi()
        .del(...ended.map(storeKey))
        .srem(indexKey(userId), ...ended)
        .exec();
      return ended.length;
    },
  };
}

export type SessionRegistry = ReturnType<typeof createSessionRegistry>;
