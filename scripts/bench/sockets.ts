import WebSocket from 'ws';

export interface AdminEvent {
  id: number;
  type: string;
  employeeCode: string | null;
}

/** Logs the bench admin in and returns the session cookie for socket handshakes. */
export async function adminCookie(baseUrl: string, email: string, password: string): Promise<string> {
  const res = await fetch(`${baseUrl}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password }),
  });
  if (res.status !== 200) throw new Error(`bench admin login failed: ${res.status} ${await res.text()}`);
  return res.headers.get('set-cookie')!.split(';')[0];
}

// Socket.IO v4 over Engine.IO framing: "0" open, "2"/"3" ping/pong, "40/admin,{auth}" connect,
// "42/admin,[type, event]" and, during bursts, "42/admin,["events.batch", [event, …]]".
const EVENT_FRAME = '42/admin,';
// An event is serialized in the outbox's field order, {"id":…,"type":…,"occurred_at":…,"data":…},
// and no data object starts that way: this marks where each event of a frame begins.
const EVENT_START = /\{"id":(\d+),"type":"([^"]+)","occurred_at":/g;
const EMPLOYEE = /"employee_code":"([^"]+)"/g;

/** The events of one frame, alone or batched, read by pattern: a full JSON decode per frame costs the generator a core. */
export function eventsIn(frame: string): AdminEvent[] {
  const starts = [...frame.matchAll(EVENT_START)];
  return starts.map((start, i) => {
    const end = starts[i + 1]?.index ?? frame.length;
    EMPLOYEE.lastIndex = start.index;
    const employee = EMPLOYEE.exec(frame);
    return {
      id: Number(start[1]),
      type: start[2],
      employeeCode: employee && employee.index < end ? employee[1] : null,
    };
  });
}

/**
 * One admin browser, as cheap as possible for the machine that plays a
 * thousand of them (in watcher threads, see watchers.ts): Socket.IO spoken
 * by hand over a raw WebSocket, with the few fields the bench needs read by
 * pattern instead of a full decode. With socket.io-client the generator
 * itself saturated a core and its event-loop lag was measured as server
 * latency (docs/BENCHMARKS.md, the introduction).
 */
export function openAdminSocket(
  url: string,
  cookie: string,
  onFrame: (events: AdminEvent[]) => void,
): Promise<WebSocket | null> {
  const ws = new WebSocket(`${url.replace(/^http/, 'ws')}/socket.io/?EIO=4&transport=websocket`, {
    headers: { cookie },
    perMessageDeflate: false,
    skipUTF8Validation: true,
  });
  return new Promise((resolve) => {
    const fail = () => {
      ws.terminate();
      resolve(null);
    };
    const timer = setTimeout(fail, 20_000);
    ws.on('error', fail);
    ws.on('message', (raw) => {
      const frame = raw.toString();
      if (frame === '2') return ws.send('3');
      // The bench watches as the web console does: batching asked for in the handshake.
      if (frame.startsWith('0')) return ws.send('40/admin,{"batch":true}');
      if (frame.startsWith('40/admin,')) {
        clearTimeout(timer);
        return resolve(ws);
      }
      if (frame.startsWith('44/admin,')) return fail();
      if (frame.startsWith(EVENT_FRAME)) onFrame(eventsIn(frame));
    });
  });
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
