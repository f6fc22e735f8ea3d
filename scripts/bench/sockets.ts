import { io, type Socket } from 'socket.io-client';

export interface AdminEvent {
  id: number;
  type: string;
  data: { user?: { employee_code: string } };
}

/** Logs the bench admin in and returns the session cookie for socket handshakes. */
export async function adminCookie(baseUrl: string, email: string, password: string): Promise<string> {
  const res = await fetch(`${baseUrl}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email, password }) });
  if (res.status !== 200) throw new Error(`bench admin login failed: ${res.status} ${await res.text()}`);
  return res.headers.get('set-cookie')!.split(';')[0];
}

/**
 * Opens up to `count` admin sockets over WebSocket, `batch` handshakes at a
 * time, spread round-robin over `urls`. Stops early when a whole batch fails
 * (the machine's limit) and reports how many it reached.
 */
export async function openAdminSockets(
  urls: string[],
  count: number,
  cookie: string,
  onEvent: (socketIndex: number, event: AdminEvent) => void,
  progress: (open: number) => void,
  batch = 200,
): Promise<{ sockets: Socket[]; failed: number }> {
  const sockets: Socket[] = [];
  let failed = 0;
  for (let start = 0; start < count; start += batch) {
    const size = Math.min(batch, count - start);
    const opened = await Promise.all(
      Array.from({ length: size }, (_, k) => {
        const index = start + k;
        const socket = io(`${urls[index % urls.length]}/admin`, { transports: ['websocket'], extraHeaders: { cookie }, reconnection: false, forceNew: true, timeout: 20_000 });
        socket.on('attendance.created', (event: AdminEvent) => onEvent(index, event));
        return new Promise<Socket | null>((resolve) => {
          socket.once('connect', () => resolve(socket));
          socket.once('connect_error', () => {
            socket.close();
            resolve(null);
          });
        });
      }),
    );
    const good = opened.filter((s): s is Socket => s !== null);
    sockets.push(...good);
    failed += size - good.length;
    progress(sockets.length);
    if (good.length === 0) break;
  }
  return { sockets, failed };
}

export function closeAll(sockets: Socket[]): void {
  for (const socket of sockets) socket.close();
}

/** Polls until `done()` or the deadline; the bench's waits are bounded. */
export async function until(done: () => boolean, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (!done()) {
    if (Date.now() > deadline) return false;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  return true;
}
