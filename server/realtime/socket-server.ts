import type { Server as HttpServer } from 'node:http';
import { createAdapter } from '@socket.io/redis-adapter';
import type { Request, RequestHandler } from 'express';
import { Server, type Socket } from 'socket.io';
import { loadSessionUser } from '../auth/guards';
import { sessionStoreKey } from '../auth/session';
import type { AppContext } from '../context';
import { isAllowedOrigin } from '../http/middleware/origin-guard';
import { createRedis, type Redis } from '../redis';
import { findActiveAdminIds } from '../users/repository';
import { socketIoKey } from './admin-channel';
import { createEventCoalescer, frameWindowMs } from './coalescer';
import { asOutboxEvent } from './event-message';
import { adaptFrameBudget, createFrameBudget, createLoadGauge } from './frame-budget';
import {
  ADMIN_NAMESPACE,
  BATCHED_EVENTS_ROOM,
  EVENT_TO_COALESCE,
  SESSION_ENDED_EVENT,
  SINGLE_EVENTS_ROOM,
} from './protocol';
import { type SessionFacts, type SocketEndReason, watchAdminSessions } from './session-watch';

interface InterServerEvents {
  [EVENT_TO_COALESCE]: (event: unknown) => void;
}

interface AdminSocketData {
  userId: number;
  sessionId: string;
}

type AdminSocket = Socket<
  Record<string, never>,
  Record<string, (payload: unknown) => void>,
  InterServerEvents,
  AdminSocketData
>;

/**
 * Socket.IO on the app node, on the Redis adapter. The broadcast workers are
 * no Socket.IO servers: they emit with @socket.io/redis-emitter, in the
 * adapter's own format on its channels (admin-channel.ts), twice per event.
 * The emit to SINGLE_EVENTS_ROOM reaches this node's adapter, which hands the
 * event as is to each socket that did not ask for batching; the server-side
 * emit (EVENT_TO_COALESCE) reaches the handler below, and the node coalesces
 * bursts for its batching room into `events.batch` frames within its frame
 * budget. The handshake carries the admin session cookie; anything else gets
 * connect_error `unauthorized`, and a socket ends when that right does.
 */
export function createSocketServer(
  httpServer: HttpServer,
  ctx: AppContext,
  sessionMiddleware: RequestHandler,
  onConnection: () => void,
) {
  const pubClient = createRedis(ctx.config.redisUrl, { maxRetriesPerRequest: null });
  const subClient = pubClient.duplicate();
  for (const client of [pubClient, subClient])
    client.on('error', (err) => ctx.logger.warn({ err: err.message }, 'Socket.IO Redis adapter connection error'));

  const io = new Server<
    Record<string, never>,
    Record<string, (payload: unknown) => void>,
    InterServerEvents,
    AdminSocketData
  >(httpServer, {
    path: '/socket.io',
    serveClient: false,
    adapter: createAdapter(pubClient, subClient, { key: socketIoKey(ctx.config) }),
    allowRequest: (req, callback) => callback(null, isAllowedOrigin(req, ctx.config.allowedOrigins)),
  });
  io.engine.use(sessionMiddleware);
  // Nothing is served on the default namespace; a client there is a client in the wrong place.
  io.of('/').use((_socket, next) => next(new Error('unauthorized')));

  const admins = io.of(ADMIN_NAMESPACE);
  admins.use(async (socket, next) => {
    try {
      const request = socket.request as Request;
      const user = await loadSessionUser(ctx.db, request.session?.userId);
      if (user?.role !== 'admin') return next(new Error('unauthorized'));
      socket.data = { userId: user.id, sessionId: request.sessionID };
      next();
    } catch (error) {
      ctx.logger.warn({ err: (error as Error).message }, 'Socket handshake could not be checked');
      next(new Error('unavailable'));
    }
  });
  admins.on('connection', (socket) => {
    socket.join(socket.handshake.auth?.batch === true ? BATCHED_EVENTS_ROOM : SINGLE_EVENTS_ROOM);
    onConnection();
  });

  const batchedSockets = () => admins.adapter.rooms.get(BATCHED_EVENTS_ROOM)?.size ?? 0;
  const budget = createFrameBudget(ctx.config.framePacing.framesPerSecond);
  const load = createLoadGauge();
  const coalescer = createEventCoalescer(
    () => frameWindowMs(batchedSockets(), { ...ctx.config.framePacing, framesPerSecond: budget.framesPerSecond() }),
    load.timeFraming((type, payload) => admins.to(BATCHED_EVENTS_ROOM).local.emit(type, payload)),
  );
  const stopAdapting = adaptFrameBudget(budget, load, 1000, (framesPerSecond, reading) =>
    ctx.logger.debug(
      { frames_per_second: Math.round(framesPerSecond), busy: reading.busy, framing: reading.framing },
      'Frame budget adapted to the load',
    ),
  );
  admins.on(EVENT_TO_COALESCE, (message) => {
    if (batchedSockets() === 0) return;
    const event = asOutboxEvent(message);
    if (event) coalescer.push(event);
    else
      ctx.logger.debug({ message: JSON.stringify(message)?.slice(0, 200) }, 'Ignored a message that is not an event');
  });
  reconnectAdminsAfterSubscriptionGap(subClient, () => {
    for (const socket of admins.sockets.values()) socket.conn.close();
  });

  const stopWatching = watchAdminSessions(
    () =>
      [...admins.sockets.values()].map((socket) => ({
        data: socket.data,
        end: (reason: SocketEndReason) => endSocket(socket, reason),
      })),
    sessionFacts(ctx),
    ctx.config.realtime.sessionCheckMs,
    ctx.logger,
  );

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
      stopWatching();
      stopAdapting();
      coalescer.close();
      await new Promise<void>((resolve) => io.close(() => resolve()));
      pubClient.disconnect();
      subClient.disconnect();
    },
  };
}

/**
 * The reason first, then a Socket.IO-level disconnect: the client is told not
 * to reconnect on its own, and a page that tries anyway gets `unauthorized`.
 */
function endSocket(socket: AdminSocket, reason: SocketEndReason): void {
  socket.emit(SESSION_ENDED_EVENT, { reason });
  socket.disconnect();
}

function sessionFacts(ctx: AppContext): SessionFacts {
  return {
    async liveSessions(sessionIds) {
      const exists = await Promise.all(sessionIds.map((id) => ctx.redis.exists(sessionStoreKey(ctx.config, id))));
      return new Set(sessionIds.filter((_, i) => exists[i] === 1));
    },
    activeAdmins: (userIds) => findActiveAdminIds(ctx.db, userIds),
  };
}

/**
 * Redis pub/sub keeps nothing for a subscriber that is away. While this
 * node's adapter subscription was down (Redis restarted), every event the
 * broadcast workers emitted was lost for its admins, and their sockets, which
 * do not go through Redis, never noticed: the Redis-restart drill found admin
 * pages missing the events that the outbox relay delivered right after the
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
