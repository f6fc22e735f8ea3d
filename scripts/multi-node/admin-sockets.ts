import { type AdminSocket, connectAdminSocket } from '../../tests/support/admin-socket';
import { waitUntil } from './wait-until';

interface WatchedSockets {
  sockets: AdminSocket[];
  /** Times each socket lost its connection. */
  disconnects(): number[];
  /** Times each socket connected again after losing it. */
  reconnects(): number[];
  allConnected(): boolean;
  /** Resolves once every socket is connected, or rejects after timeoutMs. */
  waitAllConnected(timeoutMs: number): Promise<void>;
  /** Resolves once every socket has received the event of this attendance. */
  waitForAttendance(attendanceId: number, timeoutMs: number): Promise<void>;
  close(): void;
}

/** Admin browser tabs on the live page: they reconnect on their own, as the web app does. */
export async function watchAdminSockets(
  baseUrl: string,
  cookie: string | undefined,
  count: number,
): Promise<WatchedSockets> {
  const sockets: AdminSocket[] = [];
  const disconnects = Array<number>(count).fill(0);
  const reconnects = Array<number>(count).fill(0);
  try {
    for (let i = 0; i < count; i++) {
      // One after the other: nginx's least_conn then spreads them over the nodes.
      const admin = await connectAdminSocket(baseUrl, cookie, { reconnection: true });
      admin.socket.on('disconnect', () => (disconnects[i]! += 1));
      admin.socket.on('connect', () => (reconnects[i]! += 1));
      sockets.push(admin);
    }
  } catch (error) {
    for (const s of sockets) s.close();
    throw error;
  }
  const allConnected = () => sockets.every((s) => s.socket.connected);
  return {
    sockets,
    disconnects: () => [...disconnects],
    reconnects: () => [...reconnects],
    allConnected,
    waitAllConnected: (timeoutMs) =>
      waitUntil(
        allConnected,
        timeoutMs,
        () => `only ${sockets.filter((s) => s.socket.connected).length} of ${count} admin sockets reconnected`,
      ),
    waitForAttendance: (attendanceId, timeoutMs) => {
      const has = (s: AdminSocket) => s.events.some((e) => (e.data as { id?: number }).id === attendanceId);
      return waitUntil(
        () => sockets.every(has),
        timeoutMs,
        () => `only ${sockets.filter(has).length} of ${count} admin sockets saw attendance ${attendanceId}`,
      );
    },
    close: () => {
      for (const s of sockets) s.close();
    },
  };
}
