import { io, type Socket } from 'socket.io-client';
import type { OutboxEvent } from '../../server/events/types';

export interface AdminSocket {
  socket: Socket;
  events: OutboxEvent[];
  waitFor(predicate: (events: OutboxEvent[]) => boolean, timeoutMs?: number): Promise<OutboxEvent[]>;
  close(): void;
}

const EVENT_TYPES = ['attendance.created', 'attendance.updated', 'device.status_changed'];

/** An admin's browser tab: connects to /admin with the session cookie and records every event. */
export function connectAdminSocket(
  baseUrl: string,
  cookie: string | undefined,
  options: { transports?: ('websocket' | 'polling')[]; reconnection?: boolean } = {},
): Promise<AdminSocket> {
  const socket = io(`${baseUrl}/admin`, {
    transports: options.transports ?? ['websocket'],
    extraHeaders: cookie ? { cookie } : {},
    reconnection: options.reconnection ?? false,
    reconnectionDelay: 100,
    reconnectionDelayMax: 500,
    forceNew: true,
  });
  const events: OutboxEvent[] = [];
  for (const type of EVENT_TYPES) socket.on(type, (event: OutboxEvent) => events.push(event));
  const handle: AdminSocket = {
    socket,
    events,
    waitFor(predicate, timeoutMs = 5000) {
      return new Promise((resolve, reject) => {
        const started = Date.now();
        const check = () => {
          if (predicate(events)) return resolve(events);
          if (Date.now() - started > timeoutMs) return reject(new Error(`timed out after ${timeoutMs} ms with ${events.length} events`));
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
