import { Emitter } from '@socket.io/redis-emitter';
import type { Config } from '../config';
import type { OutboxEvent } from '../events/types';
import type { Redis } from '../redis';
import { ADMIN_NAMESPACE, EVENT_TO_COALESCE, SINGLE_EVENTS_ROOM } from './protocol';

/**
 * How an event travels from a broadcast worker to the admins: through the
 * Socket.IO Redis adapter only, its channels and its rooms (protocol.ts; who
 * listens where is negotiated at the handshake: docs/ARCHITECTURE.md, "The
 * live feed").
 */

/** Shared by every app node's adapter and the workers' emitter: one channel set per deployment prefix. */
export const socketIoKey = (config: Pick<Config, 'redisPrefix'>) => `${config.redisPrefix}:socket.io`;

/**
 * The broadcast workers' side: @socket.io/redis-emitter addresses the rooms
 * above in the adapter's own message format. The emitter publishes without
 * waiting for Redis, but an event may only be marked published once Redis
 * took it, so the emitter gets a client that keeps each PUBLISH's promise.
 */
export function createAdminEmitter(redis: Redis, config: Pick<Config, 'redisPrefix'>) {
  let publishes: Promise<number>[] = [];
  const client = {
    publish(channel: string, message: string | Buffer) {
      const published = redis.publish(channel, message);
      publishes.push(published);
      return published;
    },
  };
  const admins = new Emitter(client, { key: socketIoKey(config) }).of(ADMIN_NAMESPACE);

  return {
    /** Resolves once Redis has taken both publishes; rejects (and the job is retried) when it has not. */
    async deliver(event: OutboxEvent): Promise<void> {
      admins.to(SINGLE_EVENTS_ROOM).emit(event.type, event);
      admins.serverSideEmit(EVENT_TO_COALESCE, event);
      // Both emits above ran synchronously, so these are exactly their publishes, whatever other jobs do meanwhile.
      const mine = publishes;
      publishes = [];
      await Promise.all(mine);
    },
  };
}
