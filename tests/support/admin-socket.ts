import { io, type Socket } from 'socket.io-client';
import { EVENT_TYPES, type OutboxEvent } from '../../server/events/types';
import { BATCH_EVENT, SESSION_ENDED_EVENT } from '../../server/realtime/protocol';
import { assertSocketEventMatchesContract } from './api-contract';

export interface AdminSocket {
  socket: Socket;
  /** Every event received, those inside an events.batch one by one. */
  events: OutboxEvent[];
  /** What each frame carried: its event type and the ids in it (several for an events.batch). */
  frames: { type: string; ids: number[] }[];
  /** Called for every event, as `events` grows. */
  onEvent(listener: (event: OutboxEvent) => void): void;
  waitFor(predicate: (events: OutboxEvent[]) => boolean, timeoutMs?: number): Promise<OutboxEvent[]>;
  close(): void;
}

/**
 * An admin's browser tab: connects to /admin with the session cookie and
 * records every event. Like the web console it asks for batching, unless
 * `batch: false` makes it a client written from the plain event contract.
 */
export function connectAdminSocket(
  baseUrl: string,
  cookie: string | undefined,
  options: { transports?: ('websocket' | 'polling')[]; reconnection?: boolean; batch?: boolean } = {},
): Promise<AdminSocket> {
  const socket = io(`${baseUrl}/admin`, {
    auth: options.batch === false ? {} : { batch: true },
    transports: options.transports ?? ['websocket'],
    extraHeaders: cookie ? { cookie } : {},
    reconnection: options.reconnection ?? false,
    reconnectionDelay: 100,
    reconnectionDelayMax: 500,
    forceNew: true,
  });
  const events: OutboxEvent[] = [];
  const frames: AdminSocket['frames'] = [];
  const listeners: ((event: OutboxEvent) => void)[] = [];
  const receive = (type: string, received: OutboxEvent[]) => {
    assertSocketEventMatchesContract(type, type === BATCH_EVENT ? received : received[0]);
    frames.push({ type, ids: received.map((e) => e.id) });
    for (const event of received) {
      events.push(event);
      for (const listener of listeners) listener(event);
    }
  };
  for (const type of EVENT_TYPES) socket.on(type, (event: OutboxEvent) => receive(type, [event]));
  socket.on(BATCH_EVENT, (batch: OutboxEvent[]) => receive(BATCH_EVENT, batch));
  socket.on(SESSION_ENDED_EVENT, (payload: unknown) => assertSocketEventMatchesContract(SESSION_ENDED_EVENT, payload));
  const handle: AdminSocket = {
    socket,
    events,
    frames,
    onEvent(listener) {
      listeners.push(listener);
    },
    waitFor(predicate, timeoutMs = 5000) {
      return new Promise((resolve, reject) => {
        const started = Date.now();
        const check = () => {
          if (predicate(events)) return resolve(events);
          if (Date.now() - started > timeoutMs)
            return reject(new Error(`timed out after ${timeoutMs} ms with ${events.length} events`));
          setTimeout(check, 10);
        };
        check();
      });
    },
    close: () => socket.close(),
  };
  return new Promise((resolve, reject) => {
    socket.once('connect', () => resolve(handle));
    socket.once('connect_error', (error) => {
      socket.close();
      reject(error);
    });
  });
}
