import { io, type Socket } from 'socket.io-client';
import { EVENT_TYPES } from '../../../server/events/types';
import { ADMIN_NAMESPACE, BATCH_EVENT, SESSION_ENDED_EVENT } from '../../../server/realtime/protocol';
import { ApiError, api, query } from '../lib/api';
import type { LiveEvent } from '../types';
import { EventCursor } from './event-cursor';

export type ConnectionState = 'connecting' | 'connected' | 'disconnected';

const CATCH_UP_PAGE = 500;
const RETRY_MS = 2000;

interface FeedHandlers {
  /** Applies one event the page has not seen yet. */
  apply(event: LiveEvent): void;
  /** Reloads the snapshot and answers the last event id it covers. */
  reload(): Promise<number>;
  connection(state: ConnectionState): void;
  /** The handshake was refused: the admin session is gone. */
  unauthorized(): void;
}

interface EventsPage {
  data: LiveEvent[];
  meta: { next_after: number; has_more: boolean };
}

/**
 * The admin's live connection. The socket is never trusted alone: on every
 * (re)connect the page asks the event log for what it missed since its
 * position, and reloads the snapshot when the log no longer goes back that far.
 */
export class LiveFeed {
  private socket: Socket | null = null;
  private readonly cursor: EventCursor;
  private catchingUp: Promise<void> | null = null;
  private catchUpAgain = false;

  constructor(
    private readonly handlers: FeedHandlers,
    lastEventId: number,
  ) {
    this.cursor = new EventCursor(lastEventId);
  }

  start(): void {
    const socket = io(ADMIN_NAMESPACE, { transports: ['websocket', 'polling'], auth: { batch: true } });
    this.socket = socket;
    this.handlers.connection('connecting');
    socket.on('connect', () => {
      this.handlers.connection('connected');
      void this.catchUp();
    });
    socket.on('disconnect', (reason) => {
      this.handlers.connection('disconnected');
      // A server-side disconnect is final for socket.io-client; come back anyway.
      if (reason === 'io server disconnect') this.retryLater();
    });
    socket.on('connect_error', (error: Error) => {
      this.handlers.connection('disconnected');
      if (error.message === 'unauthorized') return this.handlers.unauthorized();
      // Refused by the namespace (the node could not check the session): no automatic retry.
      if (!socket.active) this.retryLater();
    });
    socket.on(SESSION_ENDED_EVENT, () => {
      this.stop();
      this.handlers.unauthorized();
    });
    for (const type of EVENT_TYPES) socket.on(type, (event: LiveEvent) => this.receive(event, false));
    socket.on(BATCH_EVENT, (events: LiveEvent[]) => {
      for (const event of events) this.receive(event, false);
    });
  }

  private retryLater(): void {
    setTimeout(() => this.socket?.connect(), RETRY_MS);
  }

  stop(): void {
    this.socket?.disconnect();
    this.socket = null;
  }

  private receive(event: LiveEvent, fromCatchUp: boolean): void {
    if (this.cursor.take(event.id, fromCatchUp)) this.handlers.apply(event);
  }

  /** One catch-up at a time; a reconnect during one runs another after it. */
  private catchUp(): Promise<void> {
    if (this.catchingUp) {
      this.catchUpAgain = true;
      return this.catchingUp;
    }
    this.catchingUp = (async () => {
      do {
        this.catchUpAgain = false;
        await this.fetchMissed();
      } while (this.catchUpAgain);
    })().finally(() => (this.catchingUp = null));
    return this.catchingUp;
  }

  private async fetchMissed(): Promise<void> {
    try {
      let after = this.cursor.position;
      for (;;) {
        const page = await api<EventsPage>('GET', `/api/admin/events${query({ after, limit: CATCH_UP_PAGE })}`);
        for (const event of page.data) this.receive(event, true);
        if (!page.meta.has_more || page.meta.next_after <= after) return;
        after = page.meta.next_after;
      }
    } catch (error) {
      if (error instanceof ApiError && error.code === 'events_expired') {
        this.cursor.reset(await this.handlers.reload());
        return this.fetchMissed();
      }
      // Otherwise (a node going down mid-request) the socket drops too and
      // the next connect catches up again; a socket that stayed up retries here.
      if (this.socket?.connected) setTimeout(() => void this.catchUp(), RETRY_MS);
    }
  }
}
