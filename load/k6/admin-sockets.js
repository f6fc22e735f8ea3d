// ADMINS admin browsers watching live: Socket.IO v4 spoken by hand over k6's WebSocket (k6/websockets)
// (Engine.IO framing: "0" open, "2"/"3" ping/pong, "40/admin,{"batch":true}" connect (batching asked for, as the web
// console does), answered "40/admin,{"sid":…}" or "44/admin,{…}" when refused, then "42/admin,[event, data]";
// during bursts "42/admin,["events.batch",[data, …]]", each element counted as one event).
// Run it next to checkin-rush.js: an admin that connects but receives no event fails its check, and so does one whose
// namespace connect is refused. The latency is taken from the event's occurred_at (the server's commit time) to its
// arrival here, so the k6 machine's clock must be in sync with the servers (NTP).
// k6 run -e BASE_URL=https://absensi.example -e ADMINS=1000 load/k6/admin-sockets.js

import { check } from 'k6';
import http from 'k6/http';
import { Counter, Trend } from 'k6/metrics';
import { setTimeout } from 'k6/timers';
import { WebSocket } from 'k6/websockets';
import { ADMIN_EMAIL, ADMIN_PASSWORD, BASE_URL, WS_URL } from './lib.js';

const ADMINS = Number(__ENV.ADMINS || 1000);
const WATCH_SECONDS = Number(__ENV.WATCH_SECONDS || 120);
const eventLatency = new Trend('socket_event_latency', true);
const events = new Counter('socket_events');

/** @type {import('k6/options').Options} */
export const options = {
  scenarios: {
    admins: { executor: 'per-vu-iterations', vus: ADMINS, iterations: 1, maxDuration: `${WATCH_SECONDS + 60}s` },
  },
  thresholds: {
    socket_event_latency: ['p(99)<100'],
    socket_events: ['count>0'],
    checks: ['rate>0.99'],
  },
};

export function setup() {
  const res = http.post(
    `${BASE_URL}/api/auth/login`,
    JSON.stringify({ email: ADMIN_EMAIL, password: ADMIN_PASSWORD }),
    { headers: { 'Content-Type': 'application/json' } },
  );
  check(res, { 'admin logged in': (r) => r.status === 200 });
  const cookie = res.cookies['absensi.sid'];
  return { cookie: cookie ? `absensi.sid=${cookie[0].value}` : '' };
}

/** @param {{ cookie: string }} data */
export default function (data) {
  const socket = new WebSocket(`${WS_URL}/socket.io/?EIO=4&transport=websocket`, null, {
    headers: { Cookie: data.cookie },
  });
  let opened = false;
  let joined = false;
  let received = 0;

  socket.onopen = () => {
    opened = true;
    setTimeout(() => socket.close(), WATCH_SECONDS * 1000);
  };
  socket.onmessage = (message) => {
    const frame = String(message?.data);
    if (frame.startsWith('0')) return socket.send('40/admin,{"batch":true}');
    if (frame === '2') return socket.send('3');
    if (frame.startsWith('40/admin,')) {
      joined = true;
      return;
    }
    if (frame.startsWith('44/admin,')) return socket.close();
    if (frame.startsWith('42/admin,')) {
      const [type, payload] = JSON.parse(frame.slice('42/admin,'.length));
      const arrivedAt = Date.now();
      for (const event of type === 'events.batch' ? payload : [payload]) {
        received += 1;
        events.add(1);
        eventLatency.add(arrivedAt - Date.parse(event.occurred_at));
      }
    }
  };
  socket.onclose = () => {
    check(null, {
      'upgraded to WebSocket': () => opened,
      'admin namespace connected': () => joined,
      'received at least one event': () => received > 0,
    });
  };
}
