import type { Server as HttpServer } from 'node:http';
import { createAdapter } from '@socket.io/redis-adapter';
import type { Request, RequestHandler } from 'express';
import { Server } from 'socket.io';
import { loadSessionUser } from '../auth/guards';
import type { Config } from '../config';
import type { AppContext } from '../context';
import type { OutboxEvent } from '../events/types';
import { isAllowedOrigin } from '../http/middleware/origin-guard';
import type { Logger } from '../logger';
import { createRedis, type Redis } from '../redis';
import { createEventCoalescer, frameWindowMs } from './coalescer';
import { adaptFrameBudget, createFrameBudget, createLoadGauge } from './frame-budget';
import { parseEventMessage } from './event-message';

export const ADMIN_NAMESPACE = '/admin';

/** Shared by every app node and the broadcast workers' emitter: one channel set per deployment prefix. */
export const socketIoChannelKey = (config: Pick<Config, 'redisPrefix'>) => `${config.redisPrefix}:socket.io`;

/**
 * The broadcast workers publish each event's JSON here, and every app node
 * passes it to its own admins through its coalescer. Through the adapter's
 * channel each event was one frame per socket however many arrived at once.
 */
export const adminEventsChannel = (config: Pick<Config, 'redisPrefix'>) => `${config.redisPrefix}:admin-events`;

/**
 * Socket.IO on the app node: events from the broadcast workers reach the
 * admins connected here, coalesced during bursts. The handshake carries the
 * admin session cookie; anything else gets connect_error `unauthorized`.
 */
export function createSocketServer(httpServer: HttpServer, ctx: AppContext, sessionMiddleware: RequestHandler, onConnection: () => void) {
  const pubClient = createRedis(ctx.config.redisUrl, { maxRetriesPerRequest: null });
  const subClient = pubClient.duplicate();
  for (const client of [pubClient, subClient]) client.on('error', (err) => ctx.logger.warn({ err: err.message }, 'Socket.IO Redis adapter connection error'));

  const io = new Server(httpServer, {
    path: '/socket.io',
    serveClient: false,
    adapter: createAdapter(pubClient, subClient, { key: socketIoChannelKey(ctx.config) }),
    allowRequest: (req, callback) => callback(null, isAllowedOrigin(req, ctx.config.allowedOrigins)),
  });
  io.engine.use(sessionMiddleware);

  const admins = io.of(ADMIN_NAMESPACE);
  admins.use(async (socket, next) => {
    try {
      const user = await loadSessionUser(ctx.db, (socket.request as Request).session?.userId);
      if (user?.role !== 'admin') return next(new Error('unauthorized'));
      socket.data.userId = user.id;
      next();
    } catch (error) {
      ctx.logger.warn({ err: (error as Error).message }, 'Socket handshake could not be checked');
      next(new Error('unavailable'));
    }
  });
  admins.on('connection', onConnection);
  const budget = createFrameBudget(ctx.config.framePacing.framesPerSecond);
  const load = createLoadGauge();
  const coalescer = createEventCoalescer(
    () => frameWindowMs(admins.sockets.size, { ...ctx.config.framePacing, framesPerSecond: budget.framesPerSecond() }),
    load.timeFraming((type, payload) => admins.local.emit(type, payload)),
  );
  const stopAdapting = adaptFrameBudget(budget, load, 1000, (framesPerSecond, reading) =>
    ctx.logger.debug({ frames_per_second: Math.round(framesPerSecond), busy: reading.busy, framing: reading.framing }, 'Frame budget adapted to the load'),
  );
  forwardAdminEvents(subClient, adminEventsChannel(ctx.config), ctx.logger, coalescer.push);
  // The events share the adapter's subscriber, so this covers their channel too.
  reconnectAdminsAfterSubscriptionGap(subClient, () => {
    for (const socket of admins.sockets.values()) socket.conn.close();
  });

  return {
    io,
    connectedAdmins: () => admins.sockets.size,
    frameBudget: () => budget.framesPerSecond(),
    /**
     * Closes every connection at the Engine.IO level: clients see a transport
     * close and reconnect (through nginx, to another node) at once. A
     * Socket.IO-level disconnect would tell them not to come back.
     */
    disconnectAll() {
      io.engine.close();
    },
    async close() {
      stopAdapting();
      coalescer.close();
      await new Promise<void>((resolve) => io.close(() => resolve()));
      pubClient.disconnect();
      subClient.disconnect();
    },
  };
}

function forwardAdminEvents(subClient: Redis, channel: string, logger: Logger, deliver: (event: OutboxEvent) => void): void {
  subClient.subscribe(channel).catch((err: Error) => logger.warn({ err: err.message, channel }, 'Could not subscribe to admin events'));
  subClient.on('message', (from: string, message: string) => {
    if (from !== channel) return;
    const event = parseEventMessage(message);
    if (event) deliver(event);
    else logger.debug({ channel, message: message.slice(0, 200) }, 'Ignored a message that is not an event');
  });
}

/**
 * Redis pub/sub keeps nothing for a subscriber that is away. While this
 * node's subscription was down (Redis restarted), every event the broadcast
 * workers published was lost for its admins, and their sockets, which do not
 * go through Redis, never noticed: the Redis-restart drill found admin pages
 * missing the events that the outbox relay delivered right after the
 * restart, before this node had subscribed again. So when the subscription
 * comes back, the node closes its admin connections at the Engine.IO level;
 * pages reconnect (to any node) and catch up through /api/admin/events, as
 * after any reconnect. ioredis resubscribes before any page can be back.
 */
function reconnectAdminsAfterSubscriptionGap(subClient: Redis, reconnectAdmins: () => void): void {
  let interrupted = false;
  subClient.on('close', () => {
    interrupted = true;
  });
  subClient.on('ready', () => {
    if (!interrupted) return;
    interrupted = false;
    reconnectAdmins();
  });
}

export type SocketServer = ReturnType<typeof createSocketServer>;
